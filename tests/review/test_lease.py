"""One analysis per item, held by a lease: claims are compare-and-set, results are written by
the lease holder only, and an item whose workers all died fails with the reason. On SQLite and
PostgreSQL."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from schemas.common import ArticleIn
from service.review import service
from service.review.analysis import Results, record_results, run_models
from service.review.lease import LeaseLost, claim, release, sweep
from service.store.models import FlagRow
from tests.conftest import seed_text
from tests.review.conftest import Jobs
from tests.review.queued_items import EDITOR, SEED, expire, queued, row_count, stored_item


def _results(jobs: Jobs) -> Results:
    article = ArticleIn(text=seed_text(SEED))

    async def no_progress(_: str) -> None:
        return None

    work = run_models(article, "fast", 5, jobs.settings, jobs.context().model, no_progress)
    return asyncio.run(work)


def test_only_one_of_two_claims_on_a_queued_item_wins(jobs: Jobs) -> None:
    item_id = queued(jobs)
    with ThreadPoolExecutor(4) as pool:
        leases = list(pool.map(lambda _: claim(jobs.database, item_id, 30), range(4)))
    winners = [lease for lease in leases if lease is not None]
    assert len(winners) == 1
    assert (stored_item(jobs, item_id).analysis_state, stored_item(jobs, item_id).claimed_by) == (
        "reading",
        winners[0].holder,
    )


def test_concurrent_retries_of_a_failed_item_queue_one_analysis(jobs: Jobs) -> None:
    item_id = queued(jobs)
    lease = claim(jobs.database, item_id, 30)
    assert lease is not None
    with jobs.database.session() as session:
        release(session, lease, "failed", error={"error": "x", "detail": "y"})

    with ThreadPoolExecutor(8) as pool:
        views = list(
            pool.map(lambda _: service.retry(jobs.database, jobs.queue, item_id, EDITOR), range(8))
        )
    assert {v.analysis_state for v in views} == {"queued"}
    assert jobs.queue.pending() == 1


def test_a_holder_whose_lease_was_taken_over_writes_nothing(jobs: Jobs) -> None:
    item_id = queued(jobs)
    stalled = claim(jobs.database, item_id, 30)
    assert stalled is not None
    expire(jobs, item_id)
    assert sweep(jobs.database, 3, queue_is_empty=False) == [item_id]
    assert claim(jobs.database, item_id, 30) is not None

    with pytest.raises(LeaseLost):
        record_results(jobs.database, stalled, _results(jobs), EDITOR)
    assert row_count(jobs, FlagRow, item_id) == 0
    assert stored_item(jobs, item_id).analysis_state == "reading"


def test_an_item_that_outlives_every_worker_fails_with_the_reason(jobs: Jobs) -> None:
    item_id = queued(jobs)
    for _ in range(3):
        assert claim(jobs.database, item_id, 30) is not None
        expire(jobs, item_id)
        sweep(jobs.database, 3, queue_is_empty=False)
    item = stored_item(jobs, item_id)
    assert (item.analysis_state, item.attempts) == ("failed", 3)
    assert item.error is not None and item.error["error"] == "worker_lost"
