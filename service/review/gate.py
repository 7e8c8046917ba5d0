"""Nothing passes unexamined: what stands between an item and its approval, and the refusal.

An item may be approved once every flag has a decision and every contradiction of its report
has been decided. Until then approval is refused with the list of what remains; an admin may
approve over it, giving a reason that the audit chain binds to the item (integrity.item_state).

The queue shows each item's count of what remains without reading flags or reports per row:
`review_items.undecided_count`, refreshed in the transaction of every decision (and set when an
analysis is stored). The gate itself never trusts that count: it reads the flags, the
decisions and the report under the item's lock.
"""

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.auth.errors import Forbidden
from service.errors import DeskcheckError
from service.evidence.flag_types import RETIRED_FLAG_TYPES
from service.review.repository import flags_of, latest_analysis
from service.store.audit import AuditBreak
from service.store.models import (
    Analysis,
    ContradictionDecisionRow,
    FlagDecision,
    FlagRow,
    ReviewItem,
)


class ReviewIncomplete(DeskcheckError):
    """Approval refused: flags undecided or contradictions open."""

    status = HTTPStatus.CONFLICT
    kind = "review_incomplete"


@dataclass(frozen=True)
class Remaining:
    """The undecided flags and the open contradictions of an item, in article order."""

    flags: list[FlagRow]
    contradictions: list[dict[str, Any]]
    """As stored in the report: `id`, `type`, `claims`, `explanation`."""

    @property
    def count(self) -> int:
        return len(self.flags) + len(self.contradictions)

    def sentence(self) -> str:
        return remaining_words(len(self.flags), len(self.contradictions))


def remaining_words(flags: int, contradictions: int) -> str:
    """'3 flags undecided and 1 contradiction open': the words every refusal starts from."""
    parts = []
    if flags:
        parts.append(_plural(flags, "flag", "flags") + " undecided")
    if contradictions:
        parts.append(_plural(contradictions, "contradiction", "contradictions") + " open")
    return " and ".join(parts) or "nothing undecided"


def what_remains(session: Session, item_id: str) -> Remaining:
    decided_flags = set(
        session.scalars(select(FlagDecision.flag_id).where(FlagDecision.item_id == item_id))
    )
    report = latest_analysis(session, item_id, "verify")
    decided_contradictions = set(
        session.scalars(
            select(ContradictionDecisionRow.contradiction_id).where(
                ContradictionDecisionRow.item_id == item_id
            )
        )
    )
    return Remaining(
        [flag for flag in flags_of(session, item_id) if flag.id not in decided_flags],
        [
            contradiction
            for contradiction in (report or {}).get("contradictions", [])
            if contradiction["id"] not in decided_contradictions
        ],
    )


def refresh_undecided(session: Session, item: ReviewItem) -> None:
    """Store the item's count of what remains (the queue shows it), in the caller's transaction."""
    session.flush()
    remaining = what_remains(session, item.id)
    item.undecided_count = remaining.count
    item.open_contradictions = len(remaining.contradictions)


def passage(
    session: Session, item: ReviewItem, override_reason: str | None, may_override: bool
) -> str | None:
    """None when nothing remains; else the audit sentence of an admin's override, or a refusal.

    Call it holding the item's lock (after the approving compare-and-set), so that no decision
    or flag lands between the check and the approval.
    """
    remaining = what_remains(session, item.id)
    if not remaining.count:
        return None
    if override_reason is None:
        raise refusal(item.id, remaining)
    if not may_override:
        raise Forbidden(
            f"only an admin may approve over what remains ({remaining.sentence()}); decide "
            "each of them, or ask an admin",
        )
    return f"approved over {remaining.sentence()}, because: {override_reason}"


def refusal(item_id: str, remaining: Remaining) -> ReviewIncomplete:
    """The refusal, naming each flag and contradiction with its place on the item's page."""
    page = f"/desk/items/{item_id}"
    named = [
        f"flag {flag.id} ({flag.type}, “{_short(flag.text)}”) at {page}#flag-{flag.id}"
        for flag in remaining.flags
    ] + [
        f"contradiction {x['id']} ({x['type']}, claims {' and '.join(x['claims'])}) at "
        f"{page}#contradiction-{x['id']}"
        for x in remaining.contradictions
    ]
    listed = "; ".join(named)  # each one: the refusal is the editor's to-do list
    return ReviewIncomplete(
        f"the item cannot be approved: {remaining.sentence()}. What remains: {listed}. Decide "
        "each (POST .../flags/{id}/decision, .../contradictions/{id}/decision), or approve as "
        "an admin with `override_reason`",
        for_editors=f"Not approved: {remaining.sentence()}. Decide each of them first (the list "
        "is on the item's page); an admin may approve over them with a stated reason.",
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def count_breaks(session: Session) -> list[AuditBreak]:
    """Items whose stored count of what remains is not what their rows say (for `deskcheck
    audit verify`): the queue would show an item as decided, or not, against the facts.

    One pass over the store: undecided flags counted per item by the database, each item's
    newest report read once for its contradictions."""
    undecided = _undecided_flags_by_item(session)
    contradictions = _open_contradictions_by_item(session)
    for item_id, still_open in contradictions.items():
        undecided[item_id] = undecided.get(item_id, 0) + still_open
    stored = session.execute(
        select(ReviewItem.id, ReviewItem.undecided_count, ReviewItem.open_contradictions)
    )
    breaks = []
    for item_id, shown, shown_open in stored:
        counted, counted_open = undecided.get(item_id, 0), contradictions.get(item_id, 0)
        if (shown, shown_open) != (counted, counted_open):
            breaks.append(
                AuditBreak(
                    0,
                    f"item {item_id} shows {shown} undecided ({shown_open} contradictions) in "
                    f"the queue, but {counted} ({counted_open}) remain: its counts were changed "
                    "outside the desk",
                )
            )
    return breaks


def _undecided_flags_by_item(session: Session) -> dict[str, int]:
    decided = select(FlagDecision.id).where(FlagDecision.flag_id == FlagRow.id).exists()
    rows = session.execute(
        select(FlagRow.item_id, func.count())
        .where(FlagRow.type.not_in(RETIRED_FLAG_TYPES), ~decided)
        .group_by(FlagRow.item_id)
    )
    return {item_id: count for item_id, count in rows}


def _open_contradictions_by_item(session: Session) -> dict[str, int]:
    decided: dict[str, set[str]] = {}
    for item_id, contradiction_id in session.execute(
        select(ContradictionDecisionRow.item_id, ContradictionDecisionRow.contradiction_id)
    ):
        decided.setdefault(item_id, set()).add(contradiction_id)
    newest = (
        select(func.max(Analysis.id)).where(Analysis.kind == "verify").group_by(Analysis.item_id)
    )
    reports = session.execute(
        select(Analysis.item_id, Analysis.result).where(Analysis.id.in_(newest))
    )
    return {
        item_id: sum(
            x["id"] not in decided.get(item_id, set()) for x in report.get("contradictions", [])
        )
        for item_id, report in reports
    }
