"""The evidence layer's CPU work, off the event loop and bounded.

The evidence layer is pure Python: run on the event loop, one fast-mode analysis stops every
other request, `/healthz` included, and the service serves one article at a time however many
cores it has. Here it runs in a pool of worker processes (`DESKCHECK_EVIDENCE_POOL=process`, the
default: real parallelism across cores, where threads share one core under the GIL; README,
"Fast mode under load", has the measurement), and at most `DESKCHECK_EVIDENCE_MAX_PENDING`
analyses are admitted at once, running or queued. One more is shed at once with 503 and a
Retry-After instead of waiting behind the others.

An API request for an analysis takes its place at the door, before its body is read
(`service.http.admission`): refusing it later would cost the serving process nearly what
serving it does. Its fast analysis then runs in that place (`evidence_work` finds it in the
request's context); a full-mode request gives it back as soon as its mode is known.

The pool is process-wide (installed by the app's lifespan) so that every caller of the fast
path, the review desk included, goes through it; without an app (the CLI, `deskcheck eval`,
tests calling a service directly) the work runs inline. What its workers load before their first
analysis is the app's to say: it passes the warm-up in (`service.evidence.warm`).
"""

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextvars import ContextVar, Token
from dataclasses import dataclass
from http import HTTPStatus
from typing import TypeVar

from service.config import EvidencePool, Settings, get_settings
from service.errors import DeskcheckError
from service.lifeline import spawn_context
from service.observability.logs import configure_logging

R = TypeVar("R")
log = logging.getLogger(__name__)

WarmUp = Callable[[], None]
"""Loads what a worker's first analysis would; module-level, so a spawned process can run it."""

_WORKER_NICENESS = 10


class EvidenceBusy(DeskcheckError):
    """Every evidence worker is taken and the queue is full: come back in a moment."""

    status = HTTPStatus.SERVICE_UNAVAILABLE
    kind = "evidence_busy"
    retry_after_s = 1


def _start_worker_process(warm_up: WarmUp) -> None:
    """A worker yields the CPU to the serving process: its loop answers /healthz and sheds load,
    which matters more than any one analysis finishing a few milliseconds sooner."""
    os.nice(_WORKER_NICENESS)
    # A spawned child starts with no logging set-up: its records go out as the parent's do.
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    warm_up()


class EvidenceWorkers:
    """A bounded pool for evidence work: `await workers.run(fn, *args)`, or EvidenceBusy."""

    def __init__(
        self, kind: EvidencePool, workers: int, max_pending: int, *, warm_up: WarmUp
    ) -> None:
        self.kind = kind
        self.workers = workers
        self.max_pending = max_pending
        self.warm_up = warm_up
        self.pending = 0
        """Analyses admitted and not finished (running or queued in the pool)."""
        self._executor: Executor | None = None

    @classmethod
    def from_settings(cls, settings: Settings, *, warm_up: WarmUp) -> "EvidenceWorkers":
        return cls(
            settings.evidence_pool,
            settings.evidence_workers,
            settings.evidence_max_pending,
            warm_up=warm_up,
        )

    def start(self) -> None:
        self._executor = self._new_executor()

    def _new_executor(self) -> Executor | None:
        if self.kind == "process":
            # spawn, not fork: the parent runs an event loop and threads a child must not copy.
            # Workers die with the server, even a SIGKILLed one (service/lifeline.py); they are
            # started on demand by the thread that submits, the event loop's.
            return ProcessPoolExecutor(
                self.workers,
                mp_context=spawn_context(),
                initializer=_start_worker_process,
                initargs=(self.warm_up,),
            )
        if self.kind == "thread":
            return ThreadPoolExecutor(self.workers, thread_name_prefix="evidence")
        return None

    async def warm(self) -> None:
        """Every worker (and this process, whose full mode still analyses) loads its data now.

        Best effort: a failure is logged, and the first analysis loads what it needs itself.
        """
        loop = asyncio.get_running_loop()
        warming: list[Awaitable[None]] = [asyncio.to_thread(self.warm_up)]
        if isinstance(self._executor, ProcessPoolExecutor):
            # As many jobs as workers at once: each starts its own process, which warms itself.
            warming += [
                loop.run_in_executor(self._executor, time.sleep, 0) for _ in range(self.workers)
            ]
        try:
            await asyncio.gather(*warming)
        except Exception:
            log.exception("warming the evidence layer failed; the first analysis will load it")

    def busy(self) -> EvidenceBusy:
        """The refusal when every place is taken."""
        return EvidenceBusy(
            f"{self.pending} analyses are running or queued (DESKCHECK_EVIDENCE_MAX_PENDING"
            f"={self.max_pending}); retry after the Retry-After seconds"
        )

    def try_take_place(self) -> "Place | None":
        """One of the `max_pending` places, or None when every one is taken (no exception: the
        door refuses hundreds a second when clients do not wait)."""
        if self.pending >= self.max_pending:
            return None
        self.pending += 1
        return Place(self)

    async def run(self, work: Callable[..., R], *args: object) -> R:
        place = _claim_door_place(self) or self.try_take_place()
        if place is None:
            raise self.busy()
        try:
            return await self._run(work, *args)
        finally:
            place.give_back()

    async def _run(self, work: Callable[..., R], *args: object) -> R:
        if self._executor is None:
            return work(*args)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)
        except BrokenProcessPool as broken:
            log.error("an evidence worker died (%s); starting a new pool", broken)
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._new_executor()
            raise EvidenceBusy("an evidence worker failed; retry", retry_after_s=1) from broken

    def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


@dataclass(eq=False)
class Place:
    """One of a pool's places, held from the door until the analysis in it ends."""

    workers: EvidenceWorkers
    held: bool = True
    claimed: bool = False
    """An analysis runs in it (a second one of the same request takes a place of its own)."""

    def give_back(self) -> None:
        """Idempotent: the analysis, the full-mode dispatch and the door may each call it."""
        if self.held:
            self.held = False
            self.workers.pending -= 1


_door_place: ContextVar[Place | None] = ContextVar("evidence_door_place", default=None)


def hold_at_door(place: Place) -> Token[Place | None]:
    """The place the current request took at the door; its analysis will run in it."""
    return _door_place.set(place)


def leave_door(token: Token[Place | None]) -> None:
    _door_place.reset(token)


def give_back_door_place() -> None:
    """The request needs no evidence worker (full mode): its place goes to the next one."""
    place = _door_place.get()
    if place is not None:
        place.give_back()


def _claim_door_place(workers: EvidenceWorkers) -> Place | None:
    place = _door_place.get()
    if place is None or place.workers is not workers or not place.held or place.claimed:
        return None
    place.claimed = True
    return place


def _load_on_first_use() -> None:
    """Without an app nothing is loaded ahead: the first analysis loads what it needs."""


_INLINE = EvidenceWorkers("inline", 1, max_pending=1_000_000, warm_up=_load_on_first_use)
_installed: EvidenceWorkers | None = None


def install(workers: EvidenceWorkers | None) -> None:
    """The pool this process's evidence work runs on (None: inline again)."""
    global _installed  # one pool per process, set by the app's lifespan
    _installed = workers


def installed() -> EvidenceWorkers | None:
    return _installed


async def evidence_work(work: Callable[..., R], *args: object) -> R:
    """`work(*args)` on the installed pool; must be a module-level function (it may be pickled)."""
    return await (_installed or _INLINE).run(work, *args)
