"""The analysis job runs each item once: a job delivered twice stores its results once, and a
killed worker's item (or one whose job was lost) goes back to the queue. On SQLite and
PostgreSQL."""

import asyncio
from datetime import timedelta

from sqlalchemy import select, update

from service.review import service
from service.review.integrity import verify_review_state
from service.review.job import run_job, sweep_once
from service.review.lease import claim, now, sweep
from service.store import verify_chain
from service.store.models import Analysis, AuditEntry, FlagRow, ReviewItem
from tests.review.conftest import Jobs
from tests.review.queued_items import expire, queued, row_count, stored_item


def _report_flags(jobs: Jobs, item_id: str) -> int:
    item = service.get_item(jobs.database, item_id)
    assert item.verify is not None
    return sum(len(claim.flags) for claim in item.verify.claims)


def test_a_job_delivered_twice_stores_each_flag_once(jobs: Jobs) -> None:
    """The measured bug this ends: two deliveries used to store every flag twice."""
    item_id = queued(jobs)
    context = jobs.context()

    async def twice() -> None:
        await asyncio.gather(run_job(context, item_id), run_job(context, item_id))

    asyncio.run(twice())
    assert stored_item(jobs, item_id).analysis_state == "done"
    assert row_count(jobs, FlagRow, item_id) == _report_flags(jobs, item_id) > 0
    assert row_count(jobs, Analysis, item_id) == 2  # one summarize, one verify


def test_a_group_is_analysed_once_per_item_each_with_its_own_audit_row(jobs: Jobs) -> None:
    """A batch's fast articles come ten to a job: one claim and one write for the group, and
    every item still its own lease check, results and `analysis.completed` binding them."""
    first, held_elsewhere, last = queued(jobs), queued(jobs), queued(jobs)
    other = claim(jobs.database, held_elsewhere, 30)  # another worker has this one
    assert other is not None

    asyncio.run(run_job(jobs.context(), [first, held_elsewhere, last]))

    for item_id in (first, last):
        item = stored_item(jobs, item_id)
        assert (item.analysis_state, item.attempts, item.claimed_by) == ("done", 1, None)
        assert row_count(jobs, FlagRow, item_id) == item.flag_count == _report_flags(jobs, item_id)
        assert row_count(jobs, Analysis, item_id) == 2
    left = stored_item(jobs, held_elsewhere)
    assert (left.analysis_state, left.claimed_by) == ("reading", other.holder)
    assert row_count(jobs, Analysis, held_elsewhere) == 0
    with jobs.database.session() as session:
        completed = session.scalars(
            select(AuditEntry.target).where(AuditEntry.action == "analysis.completed")
        ).all()
        assert sorted(completed) == sorted([f"item:{first}", f"item:{last}"])
        assert verify_chain(session) == [] and verify_review_state(session) == []


def test_a_killed_workers_item_is_requeued_and_analysed_once(jobs: Jobs) -> None:
    item_id = queued(jobs)
    assert claim(jobs.database, item_id, 30) is not None  # then the worker is killed
    expire(jobs, item_id)

    assert asyncio.run(sweep_once(jobs.database, jobs.queue, 3)) == [item_id]
    assert jobs.queue.pending() == 1
    asyncio.run(run_job(jobs.context(), item_id))

    item = stored_item(jobs, item_id)
    assert (item.analysis_state, item.attempts, item.claimed_by) == ("done", 2, None)
    assert row_count(jobs, FlagRow, item_id) == _report_flags(jobs, item_id)
    with jobs.database.session() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.target == f"item:{item_id}")
        ).all()
    assert "analysis.requeued" in actions


def test_a_queued_item_whose_job_was_lost_is_enqueued_when_the_broker_is_empty(
    jobs: Jobs,
) -> None:
    item_id = queued(jobs)  # stored, but the process died before enqueueing
    assert sweep(jobs.database, 3, queue_is_empty=False) == []
    # Just stored: its batch may be about to enqueue it; a sweep now would double the job.
    assert asyncio.run(sweep_once(jobs.database, jobs.queue, 3, settle_s=30)) == []
    with jobs.database.session() as session:
        session.execute(
            update(ReviewItem)
            .where(ReviewItem.id == item_id)
            .values(queued_at=now() - timedelta(seconds=31))
        )
    assert asyncio.run(sweep_once(jobs.database, jobs.queue, 3, settle_s=30)) == [item_id]
    assert jobs.queue.pending() == 1
