"""The service in a uvicorn subprocess on loopback: for what only a real server shows
(connection handling, memory while a body streams in)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Served:
    url: str
    pid: int

    def rss_kib(self, field: str = "VmRSS") -> int:
        """A memory figure of the server process, from /proc (VmRSS now, VmHWM the peak)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise LookupError(field)

    def reset_peak(self) -> None:
        """From here on, VmHWM is the peak since this call (Linux `clear_refs` 5)."""
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(data_dir: Path, settings: dict[str, str] | None = None) -> Iterator[Served]:
    """`deskcheck` as an operator runs it, with `settings` (DESKCHECK_... variables) added; no
    model backend answers (fast mode works)."""
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DESKCHECK_DATA_DIR": str(data_dir),
        "DESKCHECK_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "DESKCHECK_LLM_MODEL": "none",
        **(settings or {}),
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "service.app:create_app"]
    server = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server)
        wait_until_idle(server.pid)
        yield Served(url, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    """Until the server answers /healthz (an error if it exits or stays silent for 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("the server did not come up within 60 s")


def wait_until_idle(pid: int) -> None:
    """Until the server stops using CPU: it warms the evidence layer in the background (seconds,
    tens of MiB), which no measurement of a request should count."""
    deadline = time.monotonic() + 120
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        after = cpu_seconds(pid)
        if after - before < 0.05:
            return
        before = after
    raise TimeoutError("the server kept using CPU for 120 s with no requests")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn's workers), from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return own + sum(cpu_seconds(int(child)) for child in children)
