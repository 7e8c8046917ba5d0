"""What the queue engine hands a job, and the jobs it is given to run.

The engine calls jobs on its own worker threads; a job is async and shares the process's model
client, so each one runs as a coroutine on the one event loop that owns that client (the API's
loop under `deskcheck serve`, a dedicated one in `deskcheck worker`).
"""

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from service.config import Settings
from service.jobs.queue import JobQueue
from service.llm import Backend, ModelClient, start_backend
from service.store import Database

A = TypeVar("A")
"""What a job is given (an item's id, ids, a delivery's id)."""


@dataclass
class JobContext:
    """What a job needs; `loop` is the event loop that owns `model`."""

    settings: Settings
    database: Database
    model: ModelClient
    loop: asyncio.AbstractEventLoop
    _model_started: asyncio.Lock = field(default_factory=asyncio.Lock)

    def runs(
        self, job: Callable[["JobContext", A], Coroutine[Any, Any, None]]
    ) -> Callable[[A], None]:
        """The engine's entry point for `job`: called on one of its worker threads, it blocks
        until the job, run on this context's loop, ends."""

        def run(argument: A) -> None:
            asyncio.run_coroutine_threadsafe(job(self, argument), self.loop).result()

        return run


Items = str | list[str]
"""What one analysis job is given: an item's id, or the ids of a group analysed together."""

Job = Callable[[JobContext, Items], Coroutine[Any, Any, None]]
"""One delivered item's (or group's) job; it records its own failures and never raises them."""

Delivery = Callable[[JobContext, str], Coroutine[Any, Any, None]]
"""One webhook delivery's job, given the delivery's id."""

Sweep = Callable[[JobContext, JobQueue], Awaitable[object]]
"""Puts items whose job was lost back in the queue; run every half lease."""


@dataclass(frozen=True)
class Work:
    """What the engine runs, given by whoever starts it: this package imports no domain.

    `deliver` sends one webhook delivery; `dispatch` hands the deliveries that are due to the
    queue, every WEBHOOK_POLL_S."""

    job: Job
    sweep: Sweep
    deliver: Delivery | None = None
    dispatch: Sweep | None = None


async def ensure_model(context: JobContext) -> None:
    """A worker starts the embedded model on its first full-mode job, and waits until it
    answers (a failed start fails the job with the reason, via the model client's 503)."""
    backend = context.model.backend
    async with context._model_started:
        if backend.name == "embedded" and backend.embedded is None and backend.state != "failed":
            await start_backend(backend, context.settings)
    await _settled(backend)


async def _settled(backend: Backend) -> None:
    while backend.state == "starting":
        await asyncio.sleep(0.2)
