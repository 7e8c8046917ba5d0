"""Child processes that die with the process that started them, even on `kill -9`.

A SIGKILLed server runs no clean-up: without this, its evidence workers (a few hundred MB each)
are handed to init and live on. Linux has the kernel send a signal to a child when its parent
goes (`prctl(PR_SET_PDEATHSIG)`); a child asks for SIGKILL as the first thing it does. On other
systems there is no such call and these are no-ops: children there outlive a killed parent.

Three ways in: `die_with_parent` for a child the server starts itself (the embedded model's
`preexec_fn`, between fork and exec); `spawn_context()` for multiprocessing (its children call
it when they start, before any work); and, for the API processes of `serve --workers N`, which
uvicorn starts with a context of its own, `supervise()` in the supervisor and
`die_with_supervisor()` in each of them as it builds the app.

The multiprocessing resource tracker (started by the first spawned child: the pool's, or
uvicorn's) needs nothing of its own: it exits when the last holder of its pipe does, and those
holders are the process that started it and the children it spawned.

The "parent" the kernel watches is the thread that started the child, not the process: start
children from a thread that lives as long as the server (the event loop's thread does).
"""

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.context import SpawnContext, SpawnProcess

_PR_SET_PDEATHSIG = 1
SUPERVISOR_ENV = "DESKCHECK_SUPERVISOR_PID"
"""The pid of the `serve --workers N` supervisor, for the API processes it starts."""

Prctl = Callable[..., int]


def libc_prctl() -> Prctl | None:
    """libc's prctl on Linux, else None. Look it up before forking: loading a library in a
    forked child could deadlock on a lock another thread of the parent held."""
    if not sys.platform.startswith("linux"):
        return None
    prctl: Prctl = ctypes.CDLL(None, use_errno=True).prctl
    return prctl


def die_with_parent(parent_pid: int, prctl: Prctl | None) -> None:
    """In the child: be killed when the parent goes; exit now if it already has."""
    if prctl is None:
        return
    prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    # The parent may have died before the call above: then no signal would ever come.
    if os.getppid() != parent_pid:
        os._exit(1)


class LifelineProcess(SpawnProcess):
    """A spawned process that dies with the process that created it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.creator_pid = os.getpid()  # pickled along to the child

    def run(self) -> None:
        die_with_parent(self.creator_pid, libc_prctl())
        super().run()


class LifelineContext(SpawnContext):
    """multiprocessing's spawn context, with LifelineProcess for its processes."""

    Process = LifelineProcess


def supervise() -> None:
    """In a process about to start API processes it does not create itself (uvicorn's)."""
    os.environ[SUPERVISOR_ENV] = str(os.getpid())


def die_with_supervisor() -> None:
    """In an API process: die with the supervisor that started it, if one did. The variable is
    taken out, so that what this process starts in turn does not see it."""
    recorded = os.environ.pop(SUPERVISOR_ENV, None)
    # The supervisor itself (building an app in-process) is nobody's child here.
    if recorded is not None and recorded.isdigit() and int(recorded) != os.getpid():
        die_with_parent(int(recorded), libc_prctl())


def spawn_context() -> LifelineContext:
    """For a ProcessPoolExecutor's `mp_context` (or any Process the server starts)."""
    return LifelineContext()
