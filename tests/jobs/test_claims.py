"""One analysis per item: claims are compare-and-set, results are written by the lease holder
only, and a killed worker's item goes back to the queue. On SQLite and PostgreSQL."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from schemas.common import ArticleIn
from schemas.review import SubmitRequest
from service.jobs import claims
from service.jobs.claims import LeaseLost
from service.jobs.runner import run_job, sweep_once
from service.review import service
from service.review.analysis import Results, record_results, run_models
from service.review.context import Actor
from service.store.models import Analysis, AuditEntry, FlagRow, ReviewItem
from tests.conftest import seed_text
from tests.jobs.conftest import Jobs

SEED = "000_7164c3a58de98ac3.txt"
EDITOR = Actor("editor", None)


def _queued(jobs: Jobs, mode: str = "fast") -> str:
    request = SubmitRequest(article=ArticleIn(text=seed_text(SEED)), mode=mode)
    return service.store_submission(jobs.database, request, EDITOR)


def _expire(jobs: Jobs, item_id: str) -> None:
    """What a worker killed mid-job leaves: its lease runs out with nobody renewing it."""
    with jobs.database.session() as session:
        session.execute(
            update(ReviewItem)
            .where(ReviewItem.id == item_id)
            .values(lease_until=claims.now() - timedelta(seconds=1))
        )


def _item(jobs: Jobs, item_id: str) -> ReviewItem:
    with jobs.database.session() as session:
        item = session.get(ReviewItem, item_id)
        assert item is not None
        return item


def _rows(jobs: Jobs, model: type[FlagRow] | type[Analysis], item_id: str) -> int:
    with jobs.database.session() as session:
        count = session.scalar(
            select(func.count()).select_from(model).where(model.item_id == item_id)
        )
        return count or 0


def _report_flags(jobs: Jobs, item_id: str) -> int:
    item = service.get_item(jobs.database, item_id)
    assert item.verify is not None
    return sum(len(claim.flags) for claim in item.verify.claims)


def _results(jobs: Jobs) -> Results:
    article = ArticleIn(text=seed_text(SEED))

    async def no_progress(_: str) -> None:
        return None

    work = run_models(article, "fast", 5, jobs.settings, jobs.context().model, no_progress)
    return asyncio.run(work)


def test_only_one_of_two_claims_on_a_queued_item_wins(jobs: Jobs) -> None:
    item_id = _queued(jobs)
    with ThreadPoolExecutor(4) as pool:
        leases = list(pool.map(lambda _: claims.claim(jobs.database, item_id, 30), range(4)))
    winners = [lease for lease in leases if lease is not None]
    assert len(winners) == 1
    assert (_item(jobs, item_id).analysis_state, _item(jobs, item_id).claimed_by) == (
        "reading",
        winners[0].holder,
    )


def test_concurrent_retries_of_a_failed_item_queue_one_analysis(jobs: Jobs) -> None:
    item_id = _queued(jobs)
    lease = claims.claim(jobs.database, item_id, 30)
    assert lease is not None
    with jobs.database.session() as session:
        claims.release(session, lease, "failed", error={"error": "x", "detail": "y"})

    with ThreadPoolExecutor(8) as pool:
        views = list(
            pool.map(lambda _: service.retry(jobs.database, jobs.queue, item_id, EDITOR), range(8))
        )
    assert {v.analysis_state for v in views} == {"queued"}
    assert jobs.queue.pending() == 1


def test_a_job_delivered_twice_stores_each_flag_once(jobs: Jobs) -> None:
    """The measured bug this ends: two deliveries used to store every flag twice."""
    item_id = _queued(jobs)
    context = jobs.context()

    async def twice() -> None:
        await asyncio.gather(run_job(context, item_id), run_job(context, item_id))

    asyncio.run(twice())
    assert _item(jobs, item_id).analysis_state == "done"
    assert _rows(jobs, FlagRow, item_id) == _report_flags(jobs, item_id) > 0
    assert _rows(jobs, Analysis, item_id) == 2  # one summarize, one verify


def test_a_holder_whose_lease_was_taken_over_writes_nothing(jobs: Jobs) -> None:
    item_id = _queued(jobs)
    stalled = claims.claim(jobs.database, item_id, 30)
    assert stalled is not None
    _expire(jobs, item_id)
    assert claims.sweep(jobs.database, 3, queue_is_empty=False) == [item_id]
    assert claims.claim(jobs.database, item_id, 30) is not None

    with pytest.raises(LeaseLost):
        record_results(jobs.database, stalled, _results(jobs), EDITOR)
    assert _rows(jobs, FlagRow, item_id) == 0
    assert _item(jobs, item_id).analysis_state == "reading"


def test_a_killed_workers_item_is_requeued_and_analysed_once(jobs: Jobs) -> None:
    item_id = _queued(jobs)
    assert claims.claim(jobs.database, item_id, 30) is not None  # then the worker is killed
    _expire(jobs, item_id)

    assert asyncio.run(sweep_once(jobs.database, jobs.queue, 3)) == [item_id]
    assert jobs.queue.pending() == 1
    asyncio.run(run_job(jobs.context(), item_id))

    item = _item(jobs, item_id)
    assert (item.analysis_state, item.attempts, item.claimed_by) == ("done", 2, None)
    assert _rows(jobs, FlagRow, item_id) == _report_flags(jobs, item_id)
    with jobs.database.session() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.target == f"item:{item_id}")
        ).all()
    assert "analysis.requeued" in actions


def test_an_item_that_outlives_every_worker_fails_with_the_reason(jobs: Jobs) -> None:
    item_id = _queued(jobs)
    for _ in range(3):
        assert claims.claim(jobs.database, item_id, 30) is not None
        _expire(jobs, item_id)
        claims.sweep(jobs.database, 3, queue_is_empty=False)
    item = _item(jobs, item_id)
    assert (item.analysis_state, item.attempts) == ("failed", 3)
    assert item.error is not None and item.error["error"] == "worker_lost"


def test_a_queued_item_whose_job_was_lost_is_enqueued_when_the_broker_is_empty(
    jobs: Jobs,
) -> None:
    item_id = _queued(jobs)  # stored, but the process died before enqueueing
    assert claims.sweep(jobs.database, 3, queue_is_empty=False) == []
    # Just stored: its batch may be about to enqueue it; a sweep now would double the job.
    assert asyncio.run(sweep_once(jobs.database, jobs.queue, 3, settle_s=30)) == []
    with jobs.database.session() as session:
        session.execute(
            update(ReviewItem)
            .where(ReviewItem.id == item_id)
            .values(queued_at=claims.now() - timedelta(seconds=31))
        )
    assert asyncio.run(sweep_once(jobs.database, jobs.queue, 3, settle_s=30)) == [item_id]
    assert jobs.queue.pending() == 1
