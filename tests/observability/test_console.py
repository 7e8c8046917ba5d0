"""The log format a process picks: readable lines on a terminal, JSON lines anywhere else.

A real terminal each time: the child's stderr is a pseudo-terminal (or a pipe), and it logs
through the set-up every deskcheck process makes.
"""

import json
import os
import pty
import select
import subprocess
import sys

from tests.served import ROOT

_LOG_TWO_LINES = """
import logging
from service.observability.logs import configure_logging
configure_logging("INFO", sys.argv[1])
logging.getLogger("uvicorn.error").info(
    "Uvicorn running", extra={"color_message": "\\x1b[1mUvicorn running\\x1b[0m"}
)
logging.getLogger("deskcheck.access").info(
    "GET /healthz 200", extra={"request_id": "r-1", "latency_ms": 1.6}
)
logging.getLogger("httpx").info("HTTP Request: GET http://127.0.0.1:9/v1/models")
"""


def _logged(log_format: str, on_terminal: bool) -> list[str]:
    """What a process configured with `log_format` writes on stderr, line by line."""
    command = [sys.executable, "-c", "import sys\n" + _LOG_TWO_LINES, log_format]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not on_terminal:
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
        )
        return done.stderr.splitlines()
    leader, follower = pty.openpty()
    child = subprocess.Popen(command, env=env, cwd=ROOT, stderr=follower)
    os.close(follower)
    written = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:  # the terminal closed with the child
            chunk = b""
        if not chunk:
            break
        written += chunk
    child.wait(timeout=60)
    os.close(leader)
    return written.decode().replace("\r\n", "\n").splitlines()


def test_on_a_terminal_auto_writes_readable_lines() -> None:
    lines = _logged("auto", on_terminal=True)
    assert len(lines) == 2, lines
    assert lines[0].endswith("INFO    uvicorn.error: Uvicorn running")
    assert lines[1].endswith("deskcheck.access: GET /healthz 200 (2 ms) [req r-1]")
    assert "\x1b" not in "".join(lines) and "{" not in "".join(lines)


def test_into_a_pipe_auto_writes_json_lines_without_colour_codes() -> None:
    records = [json.loads(line) for line in _logged("auto", on_terminal=False)]
    assert [r["logger"] for r in records] == ["uvicorn.error", "deskcheck.access"]
    assert "color_message" not in records[0]
    assert (records[1]["request_id"], records[1]["latency_ms"]) == ("r-1", 1.6)


def test_json_is_kept_on_a_terminal_when_asked() -> None:
    lines = _logged("json", on_terminal=True)
    assert [json.loads(line)["message"] for line in lines] == [
        "Uvicorn running",
        "GET /healthz 200",
    ]
