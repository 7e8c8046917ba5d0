"""No embedded model server outlives deskcheck, and none left by an older one survives a start.

Real processes throughout: deskcheck's `serve` in a subprocess killed with -9, and orphans made
the way a dead parent leaves them (started by a middle process that exits at once).
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from service.llm.embedded import DATA_DIR_ENV, LOG_NAME, PARENT_PID_ENV, free_loopback_port
from service.llm.orphans import ProcessInfo, read_process, stop_orphaned_servers
from tests.llm.supervised import (
    FAKE_SERVER,
    child_pid,
    fake_model_settings,
    has_exited,
    kill_quietly,
    readyz_states_until_ready,
    spawn_orphan,
    wait_until,
)

SERVE = "import sys; from service.cli import main; sys.exit(main(sys.argv[1:]))"
"""`deskcheck serve` with this checkout's code."""


def answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def fake_server_argv(settings: Settings, port: int) -> list[str]:
    model = str(settings.embedded_model_path)
    return [sys.executable, "-m", FAKE_SERVER, "--model", model, "--port", str(port)]


def server_env(data_dir: Path | None) -> dict[str, str]:
    """The environment of a child of ours; without data_dir, one of a version before markers."""
    env = {k: v for k, v in os.environ.items() if k not in (PARENT_PID_ENV, DATA_DIR_ENV)}
    if data_dir is not None:
        env |= {PARENT_PID_ENV: "0", DATA_DIR_ENV: str(data_dir.resolve())}
    return env


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fake_model_settings(tmp_path / "var")


@pytest.fixture
def listening_orphan(settings: Settings) -> Iterator[tuple[int, int]]:
    """(pid, port) of an orphaned server of ours with markers, answering on its port."""
    port = free_loopback_port()
    env = server_env(settings.data_dir)
    pid = spawn_orphan(fake_server_argv(settings, port), env, settings.data_dir / "old.log")
    wait_until(lambda: answers(port))
    yield pid, port
    kill_quietly(pid)


def test_the_child_dies_when_deskcheck_is_killed_with_sigkill(settings: Settings) -> None:
    port = free_loopback_port()
    env = os.environ | {
        "DESKCHECK_DATA_DIR": str(settings.data_dir),
        "DESKCHECK_EMBEDDED_MODEL_PATH": str(settings.embedded_model_path),
        "DESKCHECK_EMBEDDED_SERVER_MODULE": FAKE_SERVER,
        "DESKCHECK_TASK_FLAGS": "on",  # a task that calls it: the model child starts
    }
    env.pop("DESKCHECK_LLM_BASE_URL", None)
    deskcheck = subprocess.Popen(
        [sys.executable, "-c", SERVE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _ready(port), within_s=120)  # imports are slow on 2 shared cores
        children = [p for p in _our_servers() if p.environ[PARENT_PID_ENV] == str(deskcheck.pid)]
        os.kill(deskcheck.pid, signal.SIGKILL)
        deskcheck.wait(timeout=10)
    finally:
        kill_quietly(deskcheck.pid)
        deskcheck.wait(timeout=10)
    assert len(children) == 1
    assert has_exited(children[0].pid)


def test_an_orphan_of_a_dead_deskcheck_is_stopped_before_a_new_child_starts(
    settings: Settings, listening_orphan: tuple[int, int]
) -> None:
    orphan, port = listening_orphan
    assert read_process(orphan) is not None
    with TestClient(create_app(settings)) as client:
        readyz_states_until_ready(client)
        successor = child_pid(client)
    assert has_exited(orphan, within_s=0.1)
    assert not answers(port)
    assert successor != orphan


def test_an_older_versions_orphan_writing_our_log_is_stopped(settings: Settings) -> None:
    port = free_loopback_port()
    log = settings.data_dir / LOG_NAME
    orphan = spawn_orphan(fake_server_argv(settings, port), server_env(None), log)
    try:
        wait_until(lambda: answers(port))
        info = read_process(orphan)
        assert info is not None and info.parent_pid == 1  # handed to init
        stopped = stop_orphaned_servers(settings)
    finally:
        kill_quietly(orphan)
    assert stopped == [orphan]
    assert has_exited(orphan, within_s=0.1)


def test_a_live_parents_child_and_another_data_dirs_orphan_are_left_alone(
    settings: Settings, tmp_path: Path
) -> None:
    other_dir = tmp_path / "other"
    other_port, own_port = free_loopback_port(), free_loopback_port()
    other = spawn_orphan(
        fake_server_argv(settings, other_port), server_env(other_dir), tmp_path / "other.log"
    )
    own_env = server_env(settings.data_dir) | {PARENT_PID_ENV: str(os.getpid())}
    own = subprocess.Popen(
        fake_server_argv(settings, own_port), env=own_env, stdout=subprocess.DEVNULL
    )
    try:
        wait_until(lambda: answers(other_port) and answers(own_port))
        stopped = stop_orphaned_servers(settings)
        still = answers(other_port), answers(own_port)
    finally:
        kill_quietly(other)
        own.kill()
        own.wait(timeout=5)
    assert stopped == []
    assert still == (True, True)


def _ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        time.sleep(0.2)
        return False


def _our_servers() -> list[ProcessInfo]:
    found = []
    for entry in Path("/proc").iterdir():
        info = read_process(int(entry.name)) if entry.name.isdigit() else None
        if info is not None and PARENT_PID_ENV in info.environ and FAKE_SERVER in info.argv:
            found.append(info)
    return found
