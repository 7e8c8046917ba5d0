"""Nothing `deskcheck serve` started outlives it, even when it is killed with -9.

Real processes: the server in a subprocess (alone, or a supervisor with `--workers 2`), a
fast-mode article analysed so that its evidence workers (and the multiprocessing resource
tracker they share) exist, then SIGKILL.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from service.llm.embedded import free_loopback_port
from tests.conftest import seed_text
from tests.llm.supervised import kill_quietly, process_state, wait_until

SERVE = "import sys; from service.cli import main; sys.exit(main(sys.argv[1:]))"
"""`deskcheck serve` with this checkout's code."""
ARTICLE = {"article": {"text": seed_text("000_7164c3a58de98ac3.txt")}, "mode": "fast"}

Started = tuple[int, str]
"""A process as (pid, start time in clock ticks): a pid reused later is not the same process."""


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, ...


def _descendants(root: int) -> dict[Started, str]:
    """Every process whose parent chain leads to `root`, with its command line."""
    parents: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = (int(fields[1]), fields[19])
    found: dict[Started, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, started) in parents.items():
            if ppid == parent:
                found[(pid, started)] = _cmdline(pid)
                frontier.append(pid)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(process: Started) -> bool:
    """Still the same process and not a zombie (init here may not reap)."""
    fields = _stat(process[0])
    return fields is not None and fields[19] == process[1] and process_state(process[0]) != "Z"


def _up(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize(
    ("api_processes", "evidence_workers"), [("1", "2"), ("2", "1")], ids=["one", "workers-2"]
)
def test_no_process_of_a_sigkilled_server_remains_after_5_s(
    tmp_path: Path, api_processes: str, evidence_workers: str
) -> None:
    """One API process with its pool; or a supervisor, its API processes and their pools."""
    port = free_loopback_port()
    env = os.environ | {
        "DESKCHECK_DATA_DIR": str(tmp_path),
        "DESKCHECK_LLM_BASE_URL": "http://127.0.0.1:9/v1",  # no model child: fast mode only
        "DESKCHECK_LLM_MODEL": "none",
        "DESKCHECK_EVIDENCE_POOL": "process",  # the default, which the tests turn off
        "DESKCHECK_EVIDENCE_WORKERS": evidence_workers,
    }
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, "serve", "--port", str(port), "--workers", api_processes],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: dict[Started, str] = {}
    try:
        wait_until(lambda: _up(port), within_s=120)  # imports are slow on 2 shared cores
        verified = httpx.post(f"http://127.0.0.1:{port}/verify", json=ARTICLE, timeout=120)
        assert verified.status_code == 200, verified.text
        children = _descendants(server.pid)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        time.sleep(5)
        left = {process: line for process, line in children.items() if _alive(process)}
    finally:
        kill_quietly(server.pid)
        server.wait(timeout=10)
        for pid, _ in children:
            kill_quietly(pid)
    commands = " | ".join(children.values())
    assert "multiprocessing.spawn" in commands and "resource_tracker" in commands, commands
    assert left == {}
