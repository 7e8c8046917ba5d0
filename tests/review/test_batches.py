"""Batches: idempotent per article (text hash + outlet + url), counted per analysis state."""

from typing import Any

import pytest
from sqlalchemy import func, select

from schemas.common import ArticleIn
from schemas.review import BatchRequest, SubmitRequest
from service.review import batches
from service.review.batches import CHUNK, article_key, submit_batch
from service.review.context import Actor
from service.review.integrity import verify_review_state
from service.review.service import store_submission
from service.store import verify_chain
from service.store.models import AuditEntry, BatchItem, ReviewItem
from tests.desk import Desk
from tests.review.conftest import Jobs

EDITOR = Actor("editor", None)
TEXTS = [
    f"The mayor said bridge {n} will reopen on Monday. Officials gave no details." for n in range(4)
]


def _batch(texts: list[str], outlet: str = "Wire") -> BatchRequest:
    return BatchRequest(
        articles=[
            ArticleIn(text=t, outlet=outlet, url=f"https://x/{i}") for i, t in enumerate(texts)
        ],
        mode="fast",
    )


def test_resubmitting_a_batch_returns_the_existing_items(jobs: Jobs) -> None:
    first = submit_batch(jobs.database, jobs.settings, jobs.queue, _batch(TEXTS), EDITOR)
    again = submit_batch(jobs.database, jobs.settings, jobs.queue, _batch(TEXTS), EDITOR)
    assert [e.item_id for e in again.items] == [e.item_id for e in first.items]
    assert [e.created for e in first.items + again.items] == [True] * 4 + [False] * 4
    assert sorted(_enqueued(jobs)) == sorted(e.item_id for e in first.items)
    assert jobs.queue.pending() == 1  # fast-mode articles go to the workers in groups


def test_the_same_text_from_another_outlet_is_another_item(jobs: Jobs) -> None:
    first = submit_batch(jobs.database, jobs.settings, jobs.queue, _batch(TEXTS[:1]), EDITOR)
    other = submit_batch(
        jobs.database, jobs.settings, jobs.queue, _batch(TEXTS[:1], outlet="Other"), EDITOR
    )
    assert other.items[0].created and other.items[0].item_id != first.items[0].item_id


def _trail_holds(jobs: Jobs) -> bool:
    with jobs.database.session() as session:
        return verify_chain(session) == [] and verify_review_state(session) == []


def _enqueued(jobs: Jobs) -> list[str]:
    """Every item id the broker holds a job for (a group's job holds several)."""
    ids: list[str] = []
    for task in jobs.queue.huey.pending():
        given = task.args[0]
        ids += given if isinstance(given, list) else [given]
    return ids


def _count(jobs: Jobs, query: Any) -> int:
    with jobs.database.session() as session:
        return session.scalar(query) or 0


def test_a_batch_of_several_chunks_stores_each_article_once_with_its_audit_row(
    jobs: Jobs,
) -> None:
    texts = [f"The mayor said bridge {n} will reopen on Monday." for n in range(CHUNK + 7)]
    texts.insert(CHUNK + 3, texts[2])  # the same article twice in one batch, across chunks
    texts.insert(5, texts[1])  # and twice within one chunk
    request = BatchRequest(articles=[ArticleIn(text=t, outlet="Wire") for t in texts], mode="fast")
    first = submit_batch(jobs.database, jobs.settings, jobs.queue, request, EDITOR)
    distinct = CHUNK + 7

    assert (first.total, len(_enqueued(jobs))) == (distinct, distinct)
    assert jobs.queue.pending() == 6  # 49 and 8 new articles in its two chunks, 10 to a job
    assert [e.created for e in first.items] == [True] * distinct  # listed once, at first sight
    assert _count(jobs, select(func.count()).select_from(ReviewItem)) == distinct
    submitted = select(func.count()).where(AuditEntry.action == "item.submitted")
    assert _count(jobs, submitted) == distinct
    assert _trail_holds(jobs)

    again = submit_batch(jobs.database, jobs.settings, jobs.queue, request, EDITOR)
    assert [e.item_id for e in again.items] == [e.item_id for e in first.items]
    assert not any(e.created for e in again.items)
    assert (_count(jobs, submitted), len(_enqueued(jobs))) == (distinct, distinct)


def test_a_chunk_racing_another_submission_of_one_article_joins_its_item(
    jobs: Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other submission lands between the chunk's look-up and its insert: the chunk is
    rolled back and stored one article at a time, joining the item that stands."""
    request = _batch(TEXTS)
    raced = SubmitRequest(article=request.articles[1], mode="fast")
    theirs = store_submission(jobs.database, raced, EDITOR, article_key(raced.article))
    monkeypatch.setattr(batches, "_items_by_key", lambda session, keys: {})

    view = submit_batch(jobs.database, jobs.settings, jobs.queue, request, EDITOR)
    assert [e.created for e in view.items] == [True, False, True, True]
    assert view.items[1].item_id == theirs
    assert _count(jobs, select(func.count()).select_from(ReviewItem)) == 4
    assert _count(jobs, select(func.count()).select_from(BatchItem)) == 4
    assert sorted(_enqueued(jobs)) == sorted(e.item_id for e in view.items if e.created)
    assert _trail_holds(jobs)


def test_a_batch_over_http_is_analysed_and_counted(desk: Desk) -> None:
    body = {"articles": [{"text": t} for t in TEXTS], "mode": "fast"}
    created = desk.post("/review/batches", "submitter", body)
    assert created.status_code == 201
    batch_id = created.json()["id"]
    for entry in created.json()["items"]:
        desk.analysed(entry["item_id"])
    view = desk.get(f"/review/batches/{batch_id}", "submitter").json()
    assert (view["total"], view["counts"], view["finished"]) == (4, {"done": 4}, True)


def test_an_unknown_batch_is_404(desk: Desk) -> None:
    response = desk.get("/review/batches/nope", "submitter")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")
