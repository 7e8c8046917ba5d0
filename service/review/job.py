"""An item's analysis job: claim the item, keep the lease alive, analyse, write once.

The queue engine (service/jobs) delivers each job to `run_job` and calls `sweep` every half
lease; both reach it as `ANALYSIS`, which the app factory and the CLI hand to the engine.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.concurrency import run_in_threadpool

from schemas.review import AnalysisState
from service.config import Settings
from service.errors import DeskcheckError
from service.jobs.context import JobContext, Work, ensure_model
from service.jobs.queue import JobQueue
from service.review import lease as leases
from service.review import webhooks
from service.review.analysis import (
    Claimed,
    Outcome,
    Progress,
    claim_group,
    outcome_of,
    record_outcomes,
)
from service.review.context import Actor
from service.review.lease import Lease, LeaseLost
from service.store import Database

log = logging.getLogger(__name__)


async def run_job(context: JobContext, item_ids: str | list[str]) -> None:
    """Analyse one item, or a group of them (a batch enqueues its fast-mode articles in groups:
    one claim, one read and one write for the group instead of one each per article)."""
    db, settings = context.database, context.settings
    ids = [item_ids] if isinstance(item_ids, str) else list(item_ids)
    group = await run_in_threadpool(claim_group, db, ids, settings, settings.job_lease_s)
    claimed, settings = group.items, group.settings
    if not claimed:
        log.info("%s not queued (running elsewhere, done or failed): skipped", _named(ids))
        return
    holder = claimed[0].lease.holder
    actor = Actor(f"worker {holder}", None)
    try:
        async with _heartbeat(db, holder, settings.job_lease_s):
            if any(item.mode == "full" for item in claimed):
                await ensure_model(context)
            outcomes = [await _outcome(context, settings, item) for item in claimed]
        # The write needs no renewal: it ends each lease by compare-and-set on its holder, as
        # a sweep takes an expired one, so of the two whichever commits first wins.
        await run_in_threadpool(record_outcomes, db, holder, outcomes, actor)
    except LeaseLost as lost:
        log.warning("%s; its new holder writes the results", lost)
    except Exception as error:  # the store failing mid-job: say so on the items
        log.exception("analysis of %s failed", _named(ids))
        failure = DeskcheckError(f"the worker failed: {error!r}; retry the item")
        failed = [Outcome(item.lease.item_id, failure=failure) for item in claimed]
        await run_in_threadpool(record_outcomes, db, holder, failed, actor)


async def _outcome(context: JobContext, settings: Settings, item: Claimed) -> Outcome:
    """One item's outcome; a bug met on one article fails that article, not its group."""
    progress = _progress(context.database, item.lease)
    try:
        outcome = await outcome_of(item, settings, context.model, progress)
    except LeaseLost:
        raise
    except Exception as error:
        log.exception("analysis of item %s failed", item.lease.item_id)
        failure = DeskcheckError(f"the worker failed: {error!r}; retry the item")
        outcome = Outcome(item.lease.item_id, failure=failure)
    await asyncio.sleep(0)  # between a group's articles, the heartbeat may renew the leases
    return outcome


def _named(ids: list[str]) -> str:
    return f"item {ids[0]}" if len(ids) == 1 else f"{len(ids)} items ({ids[0]}, ...)"


def _progress(db: Database, lease: Lease) -> Progress:
    async def progress(state: AnalysisState) -> None:
        await run_in_threadpool(leases.advance, db, lease, state)

    return progress


@asynccontextmanager
async def _heartbeat(db: Database, holder: str, seconds: float) -> AsyncIterator[None]:
    """Renew the leases every third of their length while the job runs; if all are lost,
    cancel the job (other workers have the items now)."""
    job = asyncio.current_task()
    lost: list[LeaseLost] = []

    async def beat() -> None:
        while True:
            await asyncio.sleep(seconds / 3)
            try:
                await run_in_threadpool(leases.renew_all, db, holder, seconds)
            except LeaseLost as error:
                lost.append(error)
                if job is not None:
                    job.cancel()
                return

    beating = asyncio.create_task(beat())
    try:
        yield
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
