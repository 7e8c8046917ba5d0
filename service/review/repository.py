"""Queries over the review store. No business rules here: those live in service.py."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from service.review.errors import ItemNotFound
from service.store.models import (
    Analysis,
    Article,
    AuditEntry,
    FlagDecision,
    FlagRow,
    ReviewItem,
    SummaryRevision,
)


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = None
    outlet: str | None = None
    flag_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def load_item(session: Session, item_id: str) -> ReviewItem:
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise ItemNotFound(f"no review item {item_id!r}; list the queue at GET /review/items")
    return item


def load_flag(session: Session, item_id: str, flag_id: int) -> FlagRow:
    flag = session.get(FlagRow, flag_id)
    if flag is None or flag.item_id != item_id:
        raise ItemNotFound(f"item {item_id} has no flag {flag_id}; GET the item for its flag ids")
    return flag


def next_revision(session: Session, item_id: str) -> int:
    newest = session.scalar(
        select(func.max(SummaryRevision.number)).where(SummaryRevision.item_id == item_id)
    )
    return (newest or 0) + 1


def latest_analysis(session: Session, item_id: str, kind: str) -> dict[str, Any] | None:
    return session.scalar(
        select(Analysis.result)
        .where(Analysis.item_id == item_id, Analysis.kind == kind)
        .order_by(Analysis.id.desc())
        .limit(1)
    )


def flags_of(session: Session, item_id: str) -> list[FlagRow]:
    return list(
        session.scalars(
            select(FlagRow).where(FlagRow.item_id == item_id).order_by(FlagRow.start, FlagRow.id)
        )
    )


def decisions_of(session: Session, item_id: str) -> list[FlagDecision]:
    return list(
        session.scalars(
            select(FlagDecision).where(FlagDecision.item_id == item_id).order_by(FlagDecision.id)
        )
    )


def revisions_of(session: Session, item_id: str) -> list[SummaryRevision]:
    return list(
        session.scalars(
            select(SummaryRevision)
            .where(SummaryRevision.item_id == item_id)
            .order_by(SummaryRevision.number)
        )
    )


def audit_of(
    session: Session, target_prefix: str | None, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    query = select(AuditEntry)
    if target_prefix is not None:
        query = query.where(
            (AuditEntry.target == target_prefix) | AuditEntry.target.startswith(target_prefix + "/")
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEntry.seq).limit(limit).offset(offset))
    return list(rows), total


def analysis_state_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(ReviewItem.analysis_state, func.count()).group_by(ReviewItem.analysis_state)
    ).all()
    return {state: count for state, count in rows}


def queue_page(
    session: Session, where: QueueFilter, limit: int, offset: int
) -> tuple[list[Any], int]:
    """One page of (item, title, outlet, published_at) rows, newest first, and the total."""
    query = _filtered(
        select(ReviewItem, Article.title, Article.outlet, Article.published_at).join(
            Article, Article.id == ReviewItem.article_id
        ),
        where,
    )
    counted = _filtered(
        select(func.count())
        .select_from(ReviewItem)
        .join(Article, Article.id == ReviewItem.article_id),
        where,
    )
    rows = session.execute(
        query.order_by(ReviewItem.created_at.desc(), ReviewItem.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), session.scalar(counted) or 0


_SelectT = TypeVar("_SelectT", bound=Select[*tuple[Any, ...]])


def _filtered(query: _SelectT, where: QueueFilter) -> _SelectT:
    if where.status:
        query = query.where(ReviewItem.status == where.status)
    if where.outlet:
        query = query.where(Article.outlet == where.outlet)
    if where.flag_type:
        query = query.where(
            exists().where(FlagRow.item_id == ReviewItem.id, FlagRow.type == where.flag_type)
        )
    if where.since:
        query = query.where(ReviewItem.created_at >= where.since)
    if where.until:
        query = query.where(ReviewItem.created_at < where.until)
    return query
