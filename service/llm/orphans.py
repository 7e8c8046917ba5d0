"""Embedded model servers left behind by a deskcheck that died: found and stopped on start.

A child started by this version dies with its parent (see `embedded.py`), but one started by
an older deskcheck, or one whose parent died in the instant before the parent-death signal was
set, keeps running with the model in memory and its port open. Only a process that is provably
ours and provably orphaned is stopped:

- ours: it runs `-m <embedded server module>`, belongs to this user, and either carries our
  data directory in its environment (`DESKCHECK_EMBEDDED_DATA_DIR`, set by this version) or, from
  an older version, writes its output to this data directory's `embedded-model.log`;
- orphaned: the parent recorded in its environment is no longer its parent, or (older version,
  nothing recorded) it has been handed to init (parent pid 1).

A live deskcheck's child is never touched, nor any process of another program.
"""

import contextlib
import itertools
import logging
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from service.config import Settings
from service.llm.embedded import DATA_DIR_ENV, LOG_NAME, PARENT_PID_ENV

log = logging.getLogger(__name__)

_PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    parent_pid: int
    uid: int
    argv: list[str]
    environ: dict[str, str]
    stdout: str


def stop_orphaned_servers(settings: Settings, grace_s: float = 5.0) -> list[int]:
    """Stop every orphaned embedded server of this data directory; the pids stopped."""
    orphans = [info.pid for info in _processes() if is_our_orphan(info, settings)]
    for pid in orphans:
        log.warning("stopping embedded model server %d left behind by a previous deskcheck", pid)
        _terminate(pid, grace_s)
    return orphans


def is_our_orphan(info: ProcessInfo, settings: Settings) -> bool:
    if info.uid != os.getuid() or info.pid == os.getpid():
        return False
    if not _runs_module(info.argv, settings.embedded_server_module):
        return False
    data_dir = str(settings.data_dir.resolve())
    recorded_parent = info.environ.get(PARENT_PID_ENV)
    if recorded_parent is not None:
        ours = info.environ.get(DATA_DIR_ENV) == data_dir
        return ours and recorded_parent != str(info.parent_pid)
    writes_our_log = info.stdout == str(Path(data_dir) / LOG_NAME)
    return writes_our_log and info.parent_pid == 1


def _runs_module(argv: list[str], module: str) -> bool:
    return any(flag == "-m" and name == module for flag, name in itertools.pairwise(argv))


def _processes() -> list[ProcessInfo]:
    if not _PROC.is_dir():
        return []
    found = []
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            info = read_process(int(entry.name))
            if info is not None:
                found.append(info)
    return found


def read_process(pid: int) -> ProcessInfo | None:
    """What /proc tells about a process; None if it is gone or not ours to read."""
    base = _PROC / str(pid)
    try:
        status = _status_fields(base / "status")
        argv = (base / "cmdline").read_bytes().split(b"\0")
        environ = (base / "environ").read_bytes().split(b"\0")
        stdout = os.readlink(base / "fd" / "1")
    except OSError:
        return None
    return ProcessInfo(
        pid=pid,
        parent_pid=int(status["PPid"]),
        uid=int(status["Uid"].split()[0]),
        argv=[arg.decode("utf-8", "replace") for arg in argv if arg],
        environ=dict(_pair(item) for item in environ if b"=" in item),
        stdout=stdout,
    )


def _status_fields(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def _pair(item: bytes) -> tuple[str, str]:
    key, _, value = item.decode("utf-8", "replace").partition("=")
    return key, value


def _terminate(pid: int, grace_s: float) -> None:
    """SIGTERM, then SIGKILL after the grace period. We are not its parent: init reaps it."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        if not _running(pid):
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Alive and not yet a zombie (a zombie has exited; its parent just has not reaped it)."""
    try:
        return _status_fields(_PROC / str(pid) / "status")["State"][0] != "Z"
    except (OSError, KeyError, IndexError):
        return False
