"""Batches: many articles queued at once, each analysed once however often it is submitted."""

import hashlib
import uuid
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from schemas.common import ArticleIn
from schemas.review import AnalysisState, BatchEntry, BatchRequest, BatchView, SubmitRequest
from service.config import Settings
from service.intake import intake
from service.jobs.queue import JobQueue
from service.review.context import Actor
from service.review.errors import ItemNotFound
from service.review.service import digest_text, store_submission
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


def add_article(
    db: Database,
    settings: Settings,
    queue: JobQueue,
    batch_id: str,
    position: int,
    request: SubmitRequest,
    actor: Actor,
) -> BatchEntry:
    """Queue one article of a batch, or join the item it already has."""
    intake(request.article, settings)
    key = article_key(request.article)
    item_id = _existing(db, key)
    created = item_id is None
    if item_id is None:
        try:
            item_id = store_submission(db, request, actor, dedupe_key=key)
        except IntegrityError:  # submitted at the same moment by someone else: theirs stands
            item_id = _existing(db, key)
            created = False
            assert item_id is not None
    with db.session() as session:
        session.merge(
            BatchItem(batch_id=batch_id, item_id=item_id, position=position, created=created)
        )
    if created:
        queue.enqueue(item_id)
    return BatchEntry(item_id=item_id, created=created)


def submit_batch(
    db: Database, settings: Settings, queue: JobQueue, request: BatchRequest, actor: Actor
) -> BatchView:
    for article in request.articles:  # refuse the whole batch before storing any of it
        intake(article, settings)
    batch_id = open_batch(db, actor)
    for position, article in enumerate(request.articles):
        one = SubmitRequest(article=article, mode=request.mode, max_points=request.max_points)
        add_article(db, settings, queue, batch_id, position, one, actor)
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


def _existing(db: Database, key: str) -> str | None:
    with db.session() as session:
        found: str | None = session.scalar(
            select(ReviewItem.id).where(ReviewItem.dedupe_key == key)
        )
        return found
