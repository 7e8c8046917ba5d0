"""An item's analysis job: claim the item, keep the lease alive, analyse, write once.

The queue engine (service/jobs) delivers each job to `run_job` and calls `sweep` every half
lease; both reach it as `ANALYSIS`, which the app factory and the CLI hand to the engine.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.concurrency import run_in_threadpool

from schemas.review import AnalysisState
from service.errors import DeskcheckError
from service.jobs.context import JobContext, Work, ensure_model
from service.jobs.queue import JobQueue
from service.review import lease as leases
from service.review import webhooks
from service.review.analysis import Progress, analyse, record_failure
from service.review.context import Actor
from service.review.lease import Lease, LeaseLost
from service.review.repository import load_item
from service.store import Database

log = logging.getLogger(__name__)


async def run_job(context: JobContext, item_id: str) -> None:
    db, settings = context.database, context.settings
    lease = await run_in_threadpool(leases.claim, db, item_id, settings.job_lease_s)
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
                await run_in_threadpool(leases.renew, db, lease)
            except LeaseLost as error:
                lost.append(error)
                if job is not None:
                    job.cancel()
                return

    async def progress(state: AnalysisState) -> None:
        await run_in_threadpool(leases.advance, db, lease, state)

    beating = asyncio.create_task(beat())
    try:
        yield progress
    except asyncio.CancelledError:
        if lost:
            raise lost[0] from None
        raise
    finally:
        beating.cancel()


async def sweep(context: JobContext, queue: JobQueue) -> list[str]:
    """Give expired leases and stranded items back to the queue (a queued item counts as
    stranded once it has waited half a lease for its job)."""
    settings = context.settings
    return await sweep_once(
        context.database, queue, settings.job_max_attempts, settings.job_lease_s / 2
    )


async def sweep_once(
    db: Database, queue: JobQueue, max_attempts: int, settle_s: float = 0.0
) -> list[str]:
    """`settle_s`: how long a queued item may wait for its job before it counts as lost."""
    empty = await run_in_threadpool(queue.pending) == 0
    again = await run_in_threadpool(leases.sweep, db, max_attempts, empty, settle_s)
    for item_id in again:
        await run_in_threadpool(queue.enqueue, item_id)
    if again:
        log.info("sweep: %d item(s) back in the queue", len(again))
    return again


async def deliver_webhook(context: JobContext, delivery_id: str) -> None:
    await webhooks.deliver(context.database, context.settings, delivery_id)


async def dispatch_webhooks(context: JobContext, queue: JobQueue) -> None:
    await run_in_threadpool(webhooks.dispatch_due, context.database, queue.enqueue_delivery)


ANALYSIS = Work(job=run_job, sweep=sweep, deliver=deliver_webhook, dispatch=dispatch_webhooks)
"""What the queue engine runs for the review desk: analyses, and webhook deliveries."""
