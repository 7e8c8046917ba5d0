"""Batches: many articles queued at once, each analysed once however often it is submitted."""

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schemas.common import ArticleIn
from schemas.review import AnalysisState, BatchEntry, BatchRequest, BatchView, SubmitRequest
from service.config import Settings
from service.jobs.queue import JobQueue
from service.pipeline.intake import intake
from service.review.context import Actor
from service.review.errors import ItemNotFound
from service.review.service import add_submission, digest_text, store_submission
from service.store import Database
from service.store.models import Batch, BatchItem, ReviewItem


def article_key(article: ArticleIn) -> str:
    """Same text, outlet and url: the same article (a wire story re-sent is not re-analysed)."""
    parts = (digest_text(article.text), article.outlet or "", article.url or "")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def open_batch(db: Database, actor: Actor) -> str:
    with db.session() as session:
        batch = Batch(id=uuid.uuid4().hex, submitted_by=actor.name)
        session.add(batch)
        return batch.id


CHUNK = 50
"""Articles stored per transaction: one commit (and one audit anchor) per chunk instead of per
article, short enough that workers sharing a SQLite store wait little for its write lock."""


JOB_GROUP = 10
"""Fast-mode articles per analysis job. A fast analysis is milliseconds of CPU, and the job
around it (claim, reads, the write with its audit rows and anchor) cost as much again per
article: a group pays it once. Small enough that two workers share even a short batch, and a
group's articles show as done within a fraction of a second of each other."""


def check_articles(articles: Iterable[ArticleIn], settings: Settings) -> None:
    """Refuse what cannot be analysed (too long, empty, NUL) before storing any of it."""
    for article in articles:
        intake(article, settings)


def add_articles(
    db: Database,
    queue: JobQueue,
    batch_id: str,
    first_position: int,
    requests: Sequence[SubmitRequest],
    actor: Actor,
) -> list[BatchEntry]:
    """Queue a run of a batch's articles (already checked) in one transaction; an article
    submitted before joins its existing item. New items are enqueued once stored."""
    try:
        entries = _store_chunk(db, batch_id, first_position, requests, actor)
    except IntegrityError:  # one of them was stored at the same moment elsewhere: theirs stands
        entries = [
            _add_one(db, batch_id, first_position + n, request, actor)
            for n, request in enumerate(requests)
        ]
    fast = [
        e.item_id for e, r in zip(entries, requests, strict=True) if e.created and r.mode == "fast"
    ]
    for start in range(0, len(fast), JOB_GROUP):
        queue.enqueue_group(fast[start : start + JOB_GROUP])
    for entry, request in zip(entries, requests, strict=True):
        if entry.created and request.mode != "fast":
            queue.enqueue(entry.item_id)
    return entries


def _store_chunk(
    db: Database,
    batch_id: str,
    first_position: int,
    requests: Sequence[SubmitRequest],
    actor: Actor,
) -> list[BatchEntry]:
    keys = [article_key(request.article) for request in requests]
    entries = []
    with db.session() as session:
        items = _items_by_key(session, keys)
        joined = _already_in_batch(session, batch_id, list(items.values()))
        for position, (request, key) in enumerate(zip(requests, keys, strict=True), first_position):
            item_id = items.get(key)
            created = item_id is None
            if item_id is None:
                item_id = items[key] = add_submission(session, request, actor, dedupe_key=key)
            if item_id not in joined:  # the same article twice in one batch: listed once
                session.add(
                    BatchItem(
                        batch_id=batch_id, item_id=item_id, position=position, created=created
                    )
                )
                joined.add(item_id)
            entries.append(BatchEntry(item_id=item_id, created=created))
    return entries


def _add_one(
    db: Database, batch_id: str, position: int, request: SubmitRequest, actor: Actor
) -> BatchEntry:
    """One article in its own transactions: the careful path when a chunk met a concurrent
    submission of one of its articles."""
    key = article_key(request.article)
    item_id = _existing(db, key)
    created = item_id is None
    if item_id is None:
        try:
            item_id = store_submission(db, request, actor, dedupe_key=key)
        except IntegrityError:
            item_id = _existing(db, key)
            created = False
            assert item_id is not None
    with db.session() as session:
        if session.get(BatchItem, (batch_id, item_id)) is None:
            session.add(
                BatchItem(batch_id=batch_id, item_id=item_id, position=position, created=created)
            )
    return BatchEntry(item_id=item_id, created=created)


def submit_batch(
    db: Database, settings: Settings, queue: JobQueue, request: BatchRequest, actor: Actor
) -> BatchView:
    check_articles(request.articles, settings)  # the whole batch, before storing any of it
    batch_id = open_batch(db, actor)
    for first in range(0, len(request.articles), CHUNK):
        chunk = [
            SubmitRequest(article=article, mode=request.mode, max_points=request.max_points)
            for article in request.articles[first : first + CHUNK]
        ]
        add_articles(db, queue, batch_id, first, chunk, actor)
    return batch_view(db, batch_id)


def batch_view(db: Database, batch_id: str) -> BatchView:
    with db.session() as session:
        batch = session.get(Batch, batch_id)
        if batch is None:
            raise ItemNotFound(f"no batch {batch_id!r}; POST /review/batches returns its id")
        rows = session.execute(
            select(BatchItem.item_id, BatchItem.created, ReviewItem.analysis_state)
            .join(ReviewItem, ReviewItem.id == BatchItem.item_id)
            .where(BatchItem.batch_id == batch_id)
            .order_by(BatchItem.position)
        ).all()
        counts: Counter[AnalysisState] = Counter(state for _, _, state in rows)
        return BatchView(
            id=batch.id,
            submitted_by=batch.submitted_by,
            created_at=batch.created_at,
            total=len(rows),
            counts=dict(counts),
            finished=all(state in ("done", "failed") for _, _, state in rows),
            items=[BatchEntry(item_id=i, created=c) for i, c, _ in rows],
        )


def batch_counts(db: Database, batch_id: str) -> Counter[str]:
    """Items per analysis state, without the item list (what a progress bar polls)."""
    with db.session() as session:
        rows = session.execute(
            select(ReviewItem.analysis_state, func.count())
            .join(BatchItem, BatchItem.item_id == ReviewItem.id)
            .where(BatchItem.batch_id == batch_id)
            .group_by(ReviewItem.analysis_state)
        ).all()
        return Counter({state: count for state, count in rows})


def _items_by_key(session: Session, keys: list[str]) -> dict[str, str]:
    rows = session.execute(
        select(ReviewItem.dedupe_key, ReviewItem.id).where(ReviewItem.dedupe_key.in_(set(keys)))
    ).all()
    return {key: item_id for key, item_id in rows if key is not None}


def _already_in_batch(session: Session, batch_id: str, item_ids: list[str]) -> set[str]:
    if not item_ids:
        return set()
    return set(
        session.scalars(
            select(BatchItem.item_id).where(
                BatchItem.batch_id == batch_id, BatchItem.item_id.in_(item_ids)
            )
        )
    )


def _existing(db: Database, key: str) -> str | None:
    with db.session() as session:
        found: str | None = session.scalar(
            select(ReviewItem.id).where(ReviewItem.dedupe_key == key)
        )
        return found
