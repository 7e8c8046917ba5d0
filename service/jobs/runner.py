"""One analysis job: claim the item, keep the lease alive, analyse, write once.

The queue engine calls jobs on its own worker threads; the analysis is async and shares the
process's model client, so each job runs as a coroutine on the one event loop that owns that
client (the API's loop under `deskcheck serve`, a dedicated one in `deskcheck worker`).
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from schemas.review import AnalysisState
from service.config import Settings
from service.errors import DeskcheckError
from service.jobs import claims
from service.jobs.claims import Lease, LeaseLost
from service.jobs.queue import JobQueue
from service.llm import Backend, ModelClient, start_backend
from service.review.analysis import Progress, analyse, record_failure
from service.review.context import Actor
from service.review.repository import load_item
from service.store import Database

log = logging.getLogger(__name__)


@dataclass
class JobContext:
    """What a job needs; `loop` is the event loop that owns `model`."""

    settings: Settings
    database: Database
    model: ModelClient
    loop: asyncio.AbstractEventLoop
    _model_started: asyncio.Lock = field(default_factory=asyncio.Lock)

    def run(self, item_id: str) -> None:
        """The engine's entry point, on one of its worker threads: blocks until the job ends."""
        asyncio.run_coroutine_threadsafe(run_job(self, item_id), self.loop).result()


async def run_job(context: JobContext, item_id: str) -> None:
    db, settings = context.database, context.settings
    lease = await run_in_threadpool(claims.claim, db, item_id, settings.job_lease_s)
    if lease is None:
        log.info("item %s is not queued (running elsewhere, done or failed): skipped", item_id)
        return
    actor = Actor(f"worker {lease.holder}", None)
    try:
        async with _heartbeat(db, lease) as progress:
            if await run_in_threadpool(_needs_model, db, item_id):
                await ensure_model(context)
            await analyse(db, settings, context.model, lease, actor, progress)
    except LeaseLost as lost:
        log.warning("%s; its new holder writes the results", lost)
    except Exception as error:  # a bug or the store failing mid-job: say so on the item
        log.exception("analysis of item %s failed", item_id)
        failure = DeskcheckError(f"the worker failed: {error!r}; retry the item")
        with contextlib.suppress(LeaseLost):
            await run_in_threadpool(record_failure, db, lease, failure, actor)


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


def _needs_model(db: Database, item_id: str) -> bool:
    with db.session() as session:
        return load_item(session, item_id).mode == "full"


@asynccontextmanager
async def _heartbeat(db: Database, lease: Lease) -> AsyncIterator[Progress]:
    """Renew the lease every third of its length while the job runs; if it is lost, cancel
    the job (another worker has the item now)."""
    job = asyncio.current_task()
    lost: list[LeaseLost] = []

    async def beat() -> None:
        while True:
            await asyncio.sleep(lease.seconds / 3)
            try:
                await run_in_threadpool(claims.renew, db, lease)
            except LeaseLost as error:
                lost.append(error)
                if job is not None:
                    job.cancel()
                return

    async def progress(state: AnalysisState) -> None:
        await run_in_threadpool(claims.advance, db, lease, state)

    beating = asyncio.create_task(beat())
    try:
        yield progress
    except asyncio.CancelledError:
        if lost:
            raise lost[0] from None
        raise
    finally:
        beating.cancel()


async def sweep_forever(context: JobContext, queue: JobQueue) -> None:
    """Give expired leases and stranded items back to the queue, every half lease."""
    settings = context.settings
    while True:
        try:
            await sweep_once(
                context.database, queue, settings.job_max_attempts, settings.job_lease_s / 2
            )
        except Exception:  # a store or broker hiccup must not end the sweeping
            log.exception("sweep failed; trying again in %ss", settings.job_lease_s / 2)
        await asyncio.sleep(settings.job_lease_s / 2)


async def sweep_once(
    db: Database, queue: JobQueue, max_attempts: int, settle_s: float = 0.0
) -> list[str]:
    """`settle_s`: how long a queued item may wait for its job before it counts as lost."""
    empty = await run_in_threadpool(queue.pending) == 0
    again = await run_in_threadpool(claims.sweep, db, max_attempts, empty, settle_s)
    for item_id in again:
        await run_in_threadpool(queue.enqueue, item_id)
    if again:
        log.info("sweep: %d item(s) back in the queue", len(again))
    return again
