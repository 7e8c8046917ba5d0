"""`deskcheck serve` on the default install, as a newcomer starts it: the embedded backend with
no task that uses it, so no model process; ready at once; one banner; and the article commands
sending to it with --url."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from service.llm.embedded import free_loopback_port
from tests.served import ROOT, wait_until_up

SEED = ROOT / "seeds/articles/001_100bbb814b795ab1.txt"
_RULE = "─" * 72


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    console: Path

    def stderr(self) -> str:
        return self.console.read_text()

    def first_key(self) -> str:
        lines = self.stderr().splitlines()
        at = next(i for i, line in enumerate(lines) if "created the first admin key" in line)
        return lines[at + 1].strip()


def _default_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without any DESKCHECK_ setting: the default install."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESKCHECK_")}
    return env | {"PYTHONPATH": str(ROOT), "DESKCHECK_DATA_DIR": str(data_dir), **extra}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("default-serve")
    port = free_loopback_port()
    # Threads for the evidence work, to spare this shared machine two spawned interpreters.
    env = _default_environment(
        data_dir,
        DESKCHECK_EVIDENCE_POOL="thread",
        DESKCHECK_MODEL_ENDPOINTS_REQUIRE_KEY="true",
    )
    console = data_dir / "console.log"
    with console.open("wb") as out:
        command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        _until_banner(console)
        yield Served(url, process, console)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _until_banner(console: Path, within_s: float = 60) -> None:
    deadline = time.monotonic() + within_s
    while console.read_text().count(_RULE) < 2:
        assert time.monotonic() < deadline, console.read_text()
        time.sleep(0.1)


def _children(pid: int) -> list[str]:
    """The command lines of `pid`'s child processes, from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            argv = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            found.append(argv.decode(errors="replace"))
    return found


def _get(url: str) -> tuple[int, dict[str, Any]]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_the_default_install_starts_no_model_process(served: Served) -> None:
    time.sleep(1.0)  # a child would have been started with the app
    children = _children(served.process.pid)
    assert not [argv for argv in children if "llama_cpp" in argv], children
    assert "/models" not in served.stderr()


def test_readyz_is_ready_and_says_full_mode_is_rules_only(served: Served) -> None:
    status, body = _get(served.url + "/readyz")
    assert (status, body["status"], body["state"]) == (200, "ready", "off")
    assert body["full_analysis"]["rules_only"] is True
    assert body["full_analysis"]["model_tasks"] == []


def test_the_banner_stands_apart_and_every_log_line_is_json(served: Served) -> None:
    lines = served.stderr().splitlines()
    first, last = (i for i, line in enumerate(lines) if line == _RULE)
    banner = lines[first + 1 : last]
    assert banner[0] == f"deskcheck: serving on {served.url}"
    assert "rules only on the embedded model" in "\n".join(banner)
    assert any("created the first admin key" in line for line in banner)
    logged = [json.loads(line) for line in lines[:first] + lines[last + 1 :] if line]
    assert logged and all("color_message" not in record for record in logged)
    startup = [r["message"] for r in logged[: first - 1] if r["logger"] == "uvicorn.error"]
    assert any(message.startswith("Uvicorn running on") for message in startup)


def _verify(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "service.cli", "verify", str(SEED), "--mode", "fast", *args]
    env = _default_environment(ROOT / "var" / "test-cli")
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """A report without what differs between two runs of the same article: id and latency."""
    report = {**report, "id": None}
    report["provenance"] = {**report["provenance"], "latency_ms": None}
    return report


def test_verify_with_url_prints_the_services_answer(served: Served) -> None:
    remote = _verify("--url", served.url, "--key", served.first_key())
    local = _verify()
    assert remote.returncode == 0, remote.stderr
    assert local.returncode == 0, local.stderr
    assert _comparable(json.loads(remote.stdout)) == _comparable(json.loads(local.stdout))


def test_verify_with_url_and_no_key_prints_the_services_refusal(served: Served) -> None:
    refused = _verify("--url", served.url)
    assert refused.returncode == 2 and refused.stdout == ""
    assert json.loads(refused.stderr)["error"] == "unauthorized"


def test_verify_with_url_where_nothing_serves_says_so() -> None:
    nowhere = f"http://127.0.0.1:{free_loopback_port()}"
    failed = _verify("--url", nowhere)
    assert failed.returncode == 2
    assert json.loads(failed.stderr)["error"] == "service_unreachable"
