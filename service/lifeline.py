"""Child processes that die with the process that started them, even on `kill -9`.

A SIGKILLed server runs no clean-up: without this, its evidence workers (a few hundred MB each)
are handed to init and live on. Linux has the kernel send a signal to a child when its parent
goes (`prctl(PR_SET_PDEATHSIG)`); a child asks for SIGKILL as the first thing it does. On other
systems there is no such call and these are no-ops: children there outlive a killed parent.

Two ways in: `die_with_parent` for a child the server starts itself (the embedded model's
`preexec_fn`, between fork and exec), and `spawn_context()` for multiprocessing (its children
call it when they start, before any work). The multiprocessing resource tracker, which the
pool's semaphores start, needs nothing of its own: it exits when the last holder of its pipe
does, and those holders are the server and its workers.

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


def spawn_context() -> LifelineContext:
    """For a ProcessPoolExecutor's `mp_context` (or any Process the server starts)."""
    return LifelineContext()
