"""The embedded model never outlives its parent, not even a kill -9 of it (Linux)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.llm.embedded import DIE_WITH_PARENT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_model_child_dies_with_a_killed_parent() -> None:
    """A stand-in parent starts `sleep` through the same guard the model server gets."""
    guard = DIE_WITH_PARENT
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, subprocess, sys, time\n"
            f"child = subprocess.Popen([sys.executable, '-c', {guard!r}, str(os.getpid()),"
            " '/bin/sleep', '600'])\n"
            "print(child.pid, flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        deadline = time.monotonic() + 10
        while b"sleep" not in Path(f"/proc/{child}/cmdline").read_bytes():  # past the guard
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
