"""Rows of the store rendered as the API's models."""

from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Row
from sqlalchemy.orm import Session

from schemas.review import (
    ArticleView,
    AssignmentView,
    AuditView,
    ClaimDecisionView,
    ContradictionDecisionView,
    DecisionView,
    EarlierRejection,
    FlagView,
    GateView,
    ItemError,
    ItemView,
    QueueEntry,
    RevisionView,
)
from schemas.summarize import SummarizeResponse
from schemas.verify import VerifyResponse
from service.evidence.flag_types import RETIRED_FLAG_TYPES
from service.review.comments import comments_of
from service.review.priors import priors_of
from service.review.repository import decisions_of, flags_of, latest_analysis, revisions_of
from service.store.models import (
    Article,
    AuditEntry,
    ClaimDecisionRow,
    ContradictionDecisionRow,
    FlagDecision,
    FlagRow,
    ReviewItem,
    SummaryRevision,
)


def item_view(session: Session, item: ReviewItem) -> ItemView:
    decisions = decisions_of(session, FlagDecision, item.id)
    revisions = revisions_of(session, item.id)
    summarized = latest_analysis(session, item.id, "summarize")
    verified = latest_analysis(session, item.id, "verify")
    flag_rows = flags_of(session, item.id)
    priors = priors_of(session, item, verified, flag_rows)
    flags = _flag_views(flag_rows, decisions, priors.rejected_before)
    contradiction_decisions = decisions_of(session, ContradictionDecisionRow, item.id)
    return ItemView(
        id=item.id,
        status=item.status,
        mode=item.mode,
        analysis_state=item.analysis_state,
        error=item_error(item.error),
        attempts=item.attempts,
        submitted_by=item.submitted_by,
        created_at=item.created_at,
        updated_at=item.updated_at,
        article=article_view(item.article),
        summary=revisions[-1].text if revisions else None,
        summarize=SummarizeResponse.model_validate(summarized) if summarized else None,
        verify=stored_report(verified) if verified else None,
        flags=flags,
        decisions=[decision_view(d) for d in decisions],
        claim_decisions=[
            claim_decision_view(d) for d in decisions_of(session, ClaimDecisionRow, item.id)
        ],
        prior_reviews=priors.notes,
        revisions=[revision_view(r) for r in revisions],
        contradiction_decisions=[
            ContradictionDecisionView.model_validate(d, from_attributes=True)
            for d in contradiction_decisions
        ],
        gate=_gate_view(item, flags, verified, contradiction_decisions) if verified else None,
        assignment=assignment_view(item),
        comments=comments_of(session, item.id),
    )


def assignment_view(item: ReviewItem) -> AssignmentView | None:
    if item.assigned_to is None or item.assigned_by is None or item.assigned_at is None:
        return None
    return AssignmentView(
        assigned_to=item.assigned_to,
        assigned_by=item.assigned_by,
        assigned_at=item.assigned_at,
        note=item.assignment_note or "",
    )


def _gate_view(
    item: ReviewItem,
    flags: list[FlagView],
    report: dict[str, Any],
    decided: list[ContradictionDecisionRow],
) -> GateView:
    closed = {d.contradiction_id for d in decided}
    return GateView(
        undecided_flags=[flag.id for flag in flags if flag.decision is None],
        open_contradictions=[
            x["id"] for x in report.get("contradictions", []) if x["id"] not in closed
        ],
        override_reason=item.gate_override,
    )


# One validation over the whole page in pydantic's core: a Python constructor call per row
# cost more than the query that fetched them.
_QUEUE_ENTRIES = TypeAdapter(list[QueueEntry])


def queue_entries(rows: Sequence[Row[Any]]) -> list[QueueEntry]:
    """Rows of repository.queue_page (named like QueueEntry's fields) as queue entries."""
    # From plain dicts: reading each field as an attribute of a row cost a third more.
    return _QUEUE_ENTRIES.validate_python([row._asdict() for row in rows])


def stored_report(result: dict[str, Any]) -> VerifyResponse:
    """A stored verify result as the API shows it: flags of retired types left out."""
    claims = [
        claim | {"flags": [f for f in claim["flags"] if f["type"] not in RETIRED_FLAG_TYPES]}
        for claim in result["claims"]
    ]
    return VerifyResponse.model_validate(result | {"claims": claims})


def article_view(article: Article) -> ArticleView:
    return ArticleView.model_validate(article, from_attributes=True)


def decision_view(row: FlagDecision) -> DecisionView:
    return DecisionView.model_validate(row, from_attributes=True)


def claim_decision_view(row: ClaimDecisionRow) -> ClaimDecisionView:
    return ClaimDecisionView.model_validate(row, from_attributes=True)


def revision_view(row: SummaryRevision) -> RevisionView:
    return RevisionView.model_validate(row, from_attributes=True)


def audit_view(row: AuditEntry) -> AuditView:
    return AuditView.model_validate(row, from_attributes=True)


def _flag_views(
    rows: list[FlagRow],
    decisions: list[FlagDecision],
    rejected_before: dict[int, list[EarlierRejection]],
) -> list[FlagView]:
    newest = {d.flag_id: d for d in decisions}
    views = []
    for flag in rows:
        decided = newest.get(flag.id)
        views.append(
            FlagView(
                id=flag.id,
                claim_id=flag.claim_id,
                type=flag.type,
                detector=flag.detector,
                start=flag.start,
                end=flag.end,
                text=flag.text,
                detail=flag.detail,
                decision=decided.decision if decided else None,
                note=decided.note if decided else None,
                duplicate_of=decided.duplicate_of if decided else None,
                version=flag.version,
                rejected_before=rejected_before.get(flag.id, []),
            )
        )
    return views


def item_error(error: dict[str, Any] | None) -> ItemError | None:
    return ItemError.model_validate(error) if error else None
