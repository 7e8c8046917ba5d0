"""Helpers for the supervision tests: the embedded model replaced by `fake_llama_server`."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.config import Settings

FAKE_SERVER = "tests.llm.fake_llama_server"
ARTICLE = {
    "article": {"text": "The mayor said the bridge will reopen in May. Critics disagree."},
    "mode": "full",
}


def fake_model_settings(data_dir: Path, **overrides: Any) -> Settings:
    """The embedded backend, its child played by the fake server (same supervisor code path)."""
    gguf = data_dir / "fake.gguf"
    gguf.parent.mkdir(parents=True, exist_ok=True)
    gguf.write_bytes(b"GGUF")
    values: dict[str, Any] = {
        "llm_base_url": None,
        "data_dir": data_dir,
        "embedded_model_path": gguf,
        "embedded_server_module": FAKE_SERVER,
        "embedded_start_timeout_s": 20.0,
        "embedded_restart_backoff_s": 0.2,
        "task_flags": "on",
        "llm_transport_retries": 0,
        "llm_cache_entries": 0,
        "response_cache_entries": 0,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


def post_in_background(
    client: TestClient, path: str, body: dict[str, Any], answers: list[Answer]
) -> threading.Thread:
    """POST from another thread (a call in flight while the test kills or probes the child)."""

    def post() -> None:
        response = client.post(path, json=body)
        answers.append(Answer(response.status_code, dict(response.headers), response.json()))

    thread = threading.Thread(target=post)
    thread.start()
    return thread


def child_pid(client: TestClient) -> int:
    pid = client.app.state.services.backend.embedded.pid  # type: ignore[attr-defined]
    assert isinstance(pid, int)
    return pid


def process_state(pid: int) -> str | None:
    """The State letter of /proc/<pid>/status (`Z`: a zombie); None once the pid is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next(line.split()[1] for line in status.splitlines() if line.startswith("State:"))


def has_exited(pid: int, within_s: float = 5.0) -> bool:
    """Gone, or a zombie nobody reaps (init here does not reap): either way it has exited."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if process_state(pid) in (None, "Z"):
            return True
        time.sleep(0.05)
    return False


def readyz_states_until_ready(client: TestClient, within_s: float = 20.0) -> list[str]:
    """Poll /readyz until it answers 200; the states it went through, in order, repeats merged.

    Also pins the issue's complaint: a 503 never says `"state": "ready"`.
    """
    seen: list[str] = []
    deadline = time.monotonic() + within_s
    while True:
        response = client.get("/readyz")
        state = response.json()["state"]
        assert not (response.status_code == 503 and state == "ready"), response.json()
        if not seen or seen[-1] != state:
            seen.append(state)
        if response.status_code == 200:
            return seen
        assert time.monotonic() < deadline, seen
        time.sleep(0.05)


def wait_until(condition: Any, within_s: float = 10.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def spawn_orphan(argv: list[str], env: dict[str, str], stdout: Path) -> int:
    """Start `argv` from a short-lived middle process, which exits at once: the process is
    left to init, as a child of a deskcheck killed with -9 used to be. Returns its pid."""
    middle = (
        "import os, subprocess, sys\n"
        "env = dict(os.environ)\n"
        "if 'DESKCHECK_EMBEDDED_PARENT_PID' in env:\n"
        "    env['DESKCHECK_EMBEDDED_PARENT_PID'] = str(os.getpid())\n"
        "out = open(sys.argv[1], 'ab')\n"
        "child = subprocess.Popen(sys.argv[2:], env=env, stdout=out, stderr=out,\n"
        "                         start_new_session=True)\n"
        "print(child.pid)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", middle, str(stdout), *argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
