"""The rows editors rely on, bound to the audit chain, and the check that they still are.

State events say what an item's status is and decision events what was decided; neither says
what the item *is*. Someone with database access could delete a whole item, insert an approved
one that no event mentions, or rewrite its article, a summary revision or a flag, and the chain
would stay intact. So the event that writes such a row binds it (service.store.audit's
`AuditEvent.binds`): the digest of the row as written goes into `audit_bindings`, under a hash
the chain covers.

- `item:<id>` (by `item.submitted`, `analysis.retried`): the item's own fields but its status,
  analysis state and counts (its mode, which a retry may change, included);
- `item:<id>/article` (`item.submitted`): the article's metadata and its text's SHA-256;
- `item:<id>/analysis:<n>` (`analysis.completed`): the stored summary or report, provenance;
- `item:<id>/flag:<n>` (`analysis.completed`, `flag.added`): the flag's type, span, words,
  detail, detector and claim; a flag a new analysis replaces is bound as deleted;
- `item:<id>/revision:<number>` (`analysis.completed`, `summary.edited`): text, author, time;
- `overlay:<id>` (`overlay.applied`, `overlay.reverted`): a rule of the newsroom's learnt
  overlay (service/review/learning.py), every column.

Status, analysis state and decisions are bound by their own events (service/review/integrity.py).
`verify_bindings` recomputes every row's digest: a row whose digest is not its newest binding's
was changed, a binding whose row is gone names a deletion, and a row no event binds was added
outside the desk. Rows that existed before bindings (migration 0010) are bound once, by the
`audit.backfilled` event of the first start after it (`bind_existing`).
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Text, cast, select
from sqlalchemy.orm import Session

from service.store.audit import (
    AuditBreak,
    AuditEvent,
    append_audit,
    as_utc,
    digest,
    newest_bindings,
)
from service.store.models import (
    Analysis,
    Article,
    AuditEntry,
    FlagRow,
    OverlayRule,
    ReviewItem,
    SummaryRevision,
)

BACKFILL_ACTION = "audit.backfilled"
BACKFILL_ACTOR = "deskcheck"

BoundRow = ReviewItem | FlagRow | SummaryRevision
"""Rows bound from the objects just written; analyses are read back (`analyses_bound`)."""


@dataclass(frozen=True)
class _Row:
    target: str
    kind: str
    state: dict[str, Any]


def bound(*rows: BoundRow) -> dict[str, dict[str, Any]]:
    """The `binds` of an event that writes these rows (flushed: their ids are known); an item
    brings its article along. Analyses are bound with `analyses_bound`."""
    return {row.target: row.state for each in rows for row in _described(each)}


def values_bound(
    flags: list[dict[str, Any]], revisions: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The `binds` of flag rows and summary revisions inserted from plain values (their ids
    set): the same states `bound` gives for the rows as objects."""
    binds = {flag_target(f["item_id"], f["id"]): flag_state(_Values(f)) for f in flags}
    for revision in revisions:
        row = _revision_row(_Values(revision))
        binds[row.target] = row.state
    return binds


class _Values:
    """A row's values read as attributes, as the states read a row."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


def item_only(item: ReviewItem) -> dict[str, dict[str, Any]]:
    """The `binds` of an event that changes the item's own row (a retry may change its mode)."""
    row = _item_row(item)
    return {row.target: row.state}


def deleted(item_id: str, flag_ids: list[int]) -> dict[str, None]:
    """The `binds` of flags the desk deletes (an analysis replacing an earlier one's)."""
    return {flag_target(item_id, flag_id): None for flag_id in flag_ids}


def flag_target(item_id: str, flag_id: int) -> str:
    return f"item:{item_id}/flag:{flag_id}"


def flag_state(flag: "FlagRow | Row[Any] | _Values") -> dict[str, str | int]:
    """What the chain binds of a flag: every column but `version`, which counts the decisions
    made on it since (those are bound by their own events)."""
    return {
        "id": flag.id,
        "item_id": flag.item_id,
        "claim_id": flag.claim_id,
        "type": flag.type,
        "detector": flag.detector,
        "start": flag.start,
        "end": flag.end,
        "text": flag.text,
        "detail": flag.detail,
    }


def overlay_target(rule_id: int) -> str:
    return f"overlay:{rule_id}"


def overlay_state(rule: OverlayRule | Row[Any]) -> dict[str, Any]:
    """What the chain binds of an overlay rule: every column (a revert rebinds it)."""
    return {
        "id": rule.id,
        "action": rule.action,
        "flag_type": rule.flag_type,
        "detector": rule.detector,
        "term": rule.term,
        "outlet": rule.outlet,
        "confidence": rule.confidence,
        "evidence": rule.evidence,
        "applied_by": rule.applied_by,
        "applied_at": _instant(rule.applied_at),
        "reverted_by": rule.reverted_by,
        "reverted_at": _instant(rule.reverted_at),
    }


def verify_bindings(session: Session) -> list[AuditBreak]:
    """Every bound row against its newest binding, and every row against there being one."""
    bindings = newest_bindings(session)
    seen: set[str] = set()
    breaks: list[AuditBreak] = []
    unbound_hint = "" if _binds_anything(session) else _NOT_BACKFILLED
    for row in _stored_rows(session):
        seen.add(row.target)
        binding = bindings.get(row.target)
        if binding is None:
            breaks.append(
                AuditBreak(
                    0,
                    f"{row.target} ({row.kind}) is in the store but no audit row binds it: "
                    f"added outside the desk{unbound_hint}",
                )
            )
        elif binding.digest is None:
            why = "the desk deleted it at this row, and it is back: restored outside the desk"
            breaks.append(AuditBreak(binding.seq, f"{row.target} ({row.kind}): {why}"))
        elif digest(row.state) != binding.digest:
            breaks.append(
                AuditBreak(
                    binding.seq,
                    f"{row.target} is not the {row.kind} this row bound: changed outside the desk",
                )
            )
    for target, binding in bindings.items():
        if binding.digest is not None and target not in seen:
            breaks.append(
                AuditBreak(
                    binding.seq,
                    f"{target}, bound by this row, is gone from the store: deleted outside "
                    "the desk",
                )
            )
    return sorted(breaks, key=lambda broken: (broken.seq, broken.reason))


def bind_existing(session: Session) -> int | None:
    """At a start: bind every row of a store whose chain binds nothing yet (one upgraded past
    migration 0010), in one `audit.backfilled` event; its seq, or None when there was no need.

    Once any row of the chain binds, this never runs again: a row added later must be bound by
    the event that wrote it. What it binds is what the store holds now: a change made before
    goes unnoticed (the state events, chained already, still catch a changed status or
    decision). A new store has nothing to bind: its first submission's event binds first."""
    if _binds_anything(session):
        return None
    rows = list(_stored_rows(session))
    if not rows:
        return None
    event = AuditEvent(
        BACKFILL_ACTOR,
        BACKFILL_ACTION,
        "store",
        detail=f"{len(rows)} rows bound that were written before the audit trail bound rows",
        binds={row.target: row.state for row in rows},
    )
    return append_audit(session, event).seq


_NOT_BACKFILLED = (
    " (or the store was upgraded and `deskcheck serve` has not started since: its first start "
    "binds the rows it finds)"
)


def _binds_anything(session: Session) -> bool:
    found = session.scalar(
        select(AuditEntry.seq).where(AuditEntry.binds_digest.is_not(None)).limit(1)
    )
    return found is not None


def _stored_rows(session: Session) -> Iterator[_Row]:
    """Every bound kind of row, read as plain rows (building ORM objects cost more than the
    check: 1.7 s of 5 on 1,000 items)."""
    for item in session.execute(select(*ReviewItem.__table__.c)):
        yield _item_row(item)
    articles = select(ReviewItem.id.label("item_id"), *Article.__table__.c).join(
        Article, ReviewItem.article_id == Article.id
    )
    for article in session.execute(articles):
        yield _article_row(article.item_id, article)
    yield from _analysis_rows(session, None)
    for flag in session.execute(select(*FlagRow.__table__.c)):
        yield _flag_row(flag)
    for revision in session.execute(select(*SummaryRevision.__table__.c)):
        yield _revision_row(revision)
    for rule in session.execute(select(*OverlayRule.__table__.c)):
        yield _Row(overlay_target(rule.id), "overlay rule", overlay_state(rule))


def analyses_bound(session: Session, analysis_ids: list[int]) -> dict[str, dict[str, Any]]:
    """The `binds` of analyses just written: read back as stored, as verify reads them."""
    rows = _analysis_rows(session, analysis_ids)
    return {row.target: row.state for row in rows}


def _analysis_rows(session: Session, ids: list[int] | None) -> Iterator[_Row]:
    """Analyses with their JSON as the stored text: hashing it is what verify can afford
    (parsing and re-serialising every report took 2.5 s of 5 on 1,000 items), and it binds
    exactly what is stored."""
    query = select(
        Analysis.id,
        Analysis.item_id,
        Analysis.kind,
        cast(Analysis.result, Text).label("result"),
        cast(Analysis.provenance, Text).label("provenance"),
        Analysis.created_at,
    )
    if ids is not None:
        query = query.where(Analysis.id.in_(ids))
    for analysis in session.execute(query):
        target = f"item:{analysis.item_id}/analysis:{analysis.id}"
        yield _Row(target, "analysis", _analysis_state(analysis))


def _described(row: BoundRow) -> list[_Row]:
    if isinstance(row, ReviewItem):
        return [_item_row(row), _article_row(row.id, row.article)]
    if isinstance(row, FlagRow):
        return [_flag_row(row)]
    return [_revision_row(row)]


def _item_row(item: ReviewItem | Row[Any]) -> _Row:
    return _Row(f"item:{item.id}", "item", _item_state(item))


def _article_row(item_id: str, article: Article | Row[Any]) -> _Row:
    return _Row(f"item:{item_id}/article", "article", _article_state(article))


def _flag_row(flag: FlagRow | Row[Any]) -> _Row:
    return _Row(flag_target(flag.item_id, flag.id), "flag", flag_state(flag))


def _revision_row(revision: "SummaryRevision | Row[Any] | _Values") -> _Row:
    target = f"item:{revision.item_id}/revision:{revision.number}"
    return _Row(target, "summary revision", _revision_state(revision))


def _item_state(item: ReviewItem | Row[Any]) -> dict[str, Any]:
    return {
        "id": item.id,
        "article_id": item.article_id,
        "mode": item.mode,
        "max_points": item.max_points,
        "submitted_by": item.submitted_by,
        "created_at": _instant(item.created_at),
        "dedupe_key": item.dedupe_key,
    }


def _article_state(article: Article | Row[Any]) -> dict[str, Any]:
    return {
        "id": article.id,
        "text_sha256": _sha256(article.text),
        "sha256": article.sha256,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "published_at": _instant(article.published_at),
        "language": article.language,
        "created_at": _instant(article.created_at),
    }


def _analysis_state(analysis: Row[int, str, str, str, str, datetime]) -> dict[str, Any]:
    return {
        "id": analysis.id,
        "item_id": analysis.item_id,
        "kind": analysis.kind,
        "result_sha256": _sha256(analysis.result),
        "provenance_sha256": _sha256(analysis.provenance),
        "created_at": _instant(analysis.created_at),
    }


def _revision_state(revision: "SummaryRevision | Row[Any] | _Values") -> dict[str, Any]:
    return {
        "id": revision.id,
        "item_id": revision.item_id,
        "number": revision.number,
        "text": revision.text,
        "author": revision.author,
        "created_at": _instant(revision.created_at),
    }


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _instant(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat()
