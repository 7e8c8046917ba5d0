"""Other items' decisions on the same claim, carried from the moment they are made.

A claim enters the decided set (`reviewed_claims`) when an editor first accepts or rejects a
flag on it, or confirms it (`enter_decided_claim`, in the decision's own transaction), not when
its item is approved. A matching claim of another item (service.review.claim_match) shows those
decisions at once, each item's with its standing:

- `provisional` while the deciding item is open: its editors may still change them, so they
  inform and decide nothing (only a settled confirmation makes a claim `corroborated`, at
  analysis: service.review.feedback);
- `settled` once that item is approved;
- `returned` when it was sent back: the decisions still show, never settled, with who returned
  it, when and why. A returned article usually comes back rewritten, and the rewrite is where
  an editor most needs what was decided on the first version, and that it was not approved.

Decisions are read when the item is, from the audited decision rows: a decision changed a
minute ago shows as changed. Matches are found at analysis (stored links) and, for claims that
entered the set after it, when the item is read: only those newer claims are compared then,
newest first, so a read costs the same few queries whatever the number of other items.

A flag of this item is "rejected before" when a matching claim of another item had a flag of
the same type on the same words (spelling variants allowed, as for claims) and the newest
decision on it is a rejection: the flag is being raised again, and the page says who rejected
it, when, why, and how far that decision stands.
"""

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.review import (
    EarlierRejection,
    PriorDecision,
    PriorReview,
    PriorStanding,
    ReturnNote,
    ReviewStatus,
)
from schemas.verify import FlagType
from service.evidence.flag_types import RETIRED_FLAG_TYPES
from service.review.claim_match import best_matches, normalize, same_claim
from service.store.models import (
    Analysis,
    AuditEntry,
    ClaimDecisionRow,
    FlagDecision,
    FlagRow,
    PriorReviewLink,
    ReviewedClaim,
    ReviewItem,
)

NOTES_PER_CLAIM = 3
"""Other items' reviews shown on one claim, most similar first: enough to see the history."""
CANDIDATES = 5000
"""Newest decided claims a claim is compared with, at analysis and when read."""
PROVISIONAL_OUTCOME = "provisional"
"""`reviewed_claims.outcome` until the item is approved (then confirmed, flagged or cleared)."""
_SETTLING = timedelta(minutes=5)
"""How far before an item's analysis a claim read as new may have entered the set: a decision
whose transaction was still open while the analysis read the set (neither saw the other)."""
_STREAMED = 64
"""Rows fetched at a time when reading the set newest first: a read stops at the analysis."""
_CARRIED = {"accept": "accepted", "reject": "rejected"}
"""The flag decisions that carry to other items; a duplicate repeats another flag, whose own
decision is the one that carries."""


def enter_decided_claim(session: Session, item_id: str, claim_id: str) -> None:
    """The claim joins the decided set now, provisional until its item is approved; once is
    enough (later decisions are read live). An editor's own flag outside every claim of the
    report has no claim text to match on and joins nothing."""
    known = session.scalar(
        select(ReviewedClaim.id)
        .where(ReviewedClaim.item_id == item_id, ReviewedClaim.claim_id == claim_id)
        .limit(1)
    )
    if known is not None:
        return
    report: dict[str, Any] | None = session.scalar(
        select(Analysis.result)
        .where(Analysis.item_id == item_id, Analysis.kind == "verify")
        .order_by(Analysis.id.desc())
        .limit(1)
    )
    text = next((c["text"] for c in (report or {}).get("claims", []) if c["id"] == claim_id), None)
    if text is None:
        return
    session.add(
        ReviewedClaim(
            item_id=item_id,
            claim_id=claim_id,
            text=text,
            normalized=normalize(text),
            outcome=PROVISIONAL_OUTCOME,
        )
    )


def standing_of(status: ReviewStatus) -> PriorStanding:
    if status == "approved":
        return "settled"
    return "returned" if status == "returned" else "provisional"


class Decided(NamedTuple):
    """A claim of the decided set, with its item's status: plain columns, no ORM object (a read
    may go through thousands)."""

    id: int
    item_id: str
    claim_id: str
    text: str
    normalized: str
    status: ReviewStatus


_DECIDED = (
    ReviewedClaim.id,
    ReviewedClaim.item_id,
    ReviewedClaim.claim_id,
    ReviewedClaim.text,
    ReviewedClaim.normalized,
    ReviewItem.status,
)


def _decided(row: Any) -> Decided:
    """From a result row holding the `_DECIDED` columns (by name), among others."""
    return Decided(row.id, row.item_id, row.claim_id, row.text, row.normalized, row.status)


@dataclass(frozen=True)
class Match:
    """A claim of this item and a decided claim of another item that is the same claim."""

    claim_id: str
    similarity: float
    earlier: Decided


@dataclass(frozen=True)
class Priors:
    """What other items' editors decided on this item's claims, and on its flags."""

    notes: list[PriorReview]
    rejected_before: dict[int, list[EarlierRejection]]
    """By flag id of this item, newest first."""


def priors_of(
    session: Session,
    item: ReviewItem,
    report: Mapping[str, Any] | None,
    flags: Sequence[FlagRow],
) -> Priors:
    """Notes on the item's claims and flags from other items' decisions (six queries at most).

    An open item also looks for claims decided since its analysis; a final one reads the links
    it kept when it was approved or returned (`keep_new_matches`)."""
    matches = _stored_matches(session, item.id)
    if report is not None and item.status in ("pending", "in_review"):
        matches = [*matches, *_new_matches(session, item.id, report, matches)]
    decided = decisions_by_claim(session, {m.earlier.item_id for m in matches})
    # A claim whose decisions were all taken back meanwhile shows nothing, and takes no place.
    matches = _most_similar([m for m in matches if _key(m) in decided])
    returned = _return_notes(
        session, {m.earlier.item_id for m in matches if m.earlier.status == "returned"}
    )
    notes = [_note(m, decided[_key(m)], returned.get(m.earlier.item_id)) for m in matches]
    return Priors(notes, _rejected_before(notes, flags))


def _key(match: Match) -> tuple[str, str]:
    return match.earlier.item_id, match.earlier.claim_id


def _note(match: Match, decisions: list[PriorDecision], returned: ReturnNote | None) -> PriorReview:
    earlier = match.earlier
    return PriorReview(
        claim_id=match.claim_id,
        item_id=earlier.item_id,
        earlier_claim_id=earlier.claim_id,
        earlier_text=earlier.text,
        similarity=match.similarity,
        decisions=decisions,
        url=desk_claim_url(earlier.item_id, earlier.claim_id),
        standing=standing_of(earlier.status),
        returned=returned if earlier.status == "returned" else None,
    )


def _stored_matches(session: Session, item_id: str) -> list[Match]:
    """The links found at the item's analysis, most similar first per claim."""
    rows = session.execute(
        select(
            PriorReviewLink.claim_id.label("this_claim"),
            PriorReviewLink.similarity,
            *_DECIDED,
        )
        .join(ReviewedClaim, ReviewedClaim.id == PriorReviewLink.reviewed_claim_id)
        .join(ReviewItem, ReviewItem.id == ReviewedClaim.item_id)
        .where(PriorReviewLink.item_id == item_id)
        .order_by(PriorReviewLink.id)
    )
    return [Match(row.this_claim, row.similarity, _decided(row)) for row in rows]


def _new_matches(
    session: Session, item_id: str, report: Mapping[str, Any], stored: list[Match]
) -> list[Match]:
    """Claims of the report matching claims decided since the item's analysis (which its stored
    links could not know of)."""
    analysed_at = session.scalar(
        select(Analysis.created_at)
        .where(Analysis.item_id == item_id, Analysis.kind == "verify")
        .order_by(Analysis.id.desc())
        .limit(1)
    )
    if analysed_at is None:
        return []
    linked = {m.earlier.id for m in stored}
    newer = {
        row.id: row
        for row in decided_since(session, analysed_at - _SETTLING)
        if row.item_id != item_id and row.id not in linked
    }
    if not newer:
        return []
    texts = {key: row.normalized for key, row in newer.items()}
    return [
        Match(claim["id"], similarity, newer[key])
        for claim in report.get("claims", [])
        for key, similarity in best_matches(normalize(claim["text"]), texts, NOTES_PER_CLAIM)
    ]


def decided_since(session: Session, since: datetime) -> Iterator[Decided]:
    """Claims that entered the decided set at `since` or later (of the newest CANDIDATES).

    Read newest first and stopped at the first older one: ids grow with the time a claim
    entered, so the read costs what entered since, not the size of the set (`reviewed_at` has
    no index, and a filter on it would scan the whole table). The store compares the times, so
    no row's time is converted here."""
    result = session.execute(
        select(*_DECIDED, ReviewedClaim.reviewed_at >= since)
        .join(ReviewItem, ReviewItem.id == ReviewedClaim.item_id)
        .order_by(ReviewedClaim.id.desc())
        .limit(CANDIDATES)
        .execution_options(yield_per=_STREAMED)
    )
    try:
        for row in result:
            if not row[-1]:  # entered before `since`: so did every row after it
                return
            yield _decided(row)
    finally:
        result.close()


def keep_new_matches(session: Session, item_id: str) -> None:
    """When the item becomes final (approved or returned): the matches found since its analysis
    are stored as links, so that reading a final item (its page, an export of many) compares
    nothing. Decisions on the linked claims are still read as they stand."""
    report = session.scalar(
        select(Analysis.result)
        .where(Analysis.item_id == item_id, Analysis.kind == "verify")
        .order_by(Analysis.id.desc())
        .limit(1)
    )
    if report is None:
        return
    new = _new_matches(session, item_id, report, _stored_matches(session, item_id))
    session.add_all(
        PriorReviewLink(
            item_id=item_id,
            claim_id=match.claim_id,
            reviewed_claim_id=match.earlier.id,
            similarity=match.similarity,
        )
        for match in new
    )


def _most_similar(matches: list[Match]) -> list[Match]:
    """Per claim, the most similar (the newest first among equals: a rewrite's own first
    version before older stories), at most NOTES_PER_CLAIM; claims in first-seen order."""
    by_claim: dict[str, list[Match]] = {}
    for match in matches:
        by_claim.setdefault(match.claim_id, []).append(match)
    return [
        match
        for matches in by_claim.values()
        for match in sorted(matches, key=lambda m: (-m.similarity, -m.earlier.id))[:NOTES_PER_CLAIM]
    ]


def decisions_by_claim(
    session: Session, item_ids: Collection[str]
) -> dict[tuple[str, str], list[PriorDecision]]:
    """Per (item, claim) of these items, the newest decision on each flag that carries and the
    claim's confirmation where it stands; oldest first. Two queries for any number of items."""
    if not item_ids:
        return {}
    found: dict[tuple[str, str], list[PriorDecision]] = {}
    for key, decision in [*_flag_decisions(session, item_ids), *_confirmations(session, item_ids)]:
        found.setdefault(key, []).append(decision)
    for decisions in found.values():
        decisions.sort(key=lambda d: d.decided_at)
    return found


def _flag_decisions(
    session: Session, item_ids: Collection[str]
) -> list[tuple[tuple[str, str], PriorDecision]]:
    rows = session.execute(
        select(FlagDecision, FlagRow.claim_id, FlagRow.type, FlagRow.text)
        .join(FlagRow, FlagRow.id == FlagDecision.flag_id)
        .where(FlagDecision.item_id.in_(item_ids), FlagRow.type.not_in(RETIRED_FLAG_TYPES))
        .order_by(FlagDecision.id)
    )
    newest: dict[int, tuple[FlagDecision, str, FlagType, str]] = {
        row.flag_id: (row, claim_id, flag_type, text) for row, claim_id, flag_type, text in rows
    }
    return [
        (
            (row.item_id, claim_id),
            PriorDecision(
                action=_CARRIED[row.decision],
                flag_type=flag_type,
                note=row.note,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
                flag_id=row.flag_id,
                flag_text=text,
            ),
        )
        for row, claim_id, flag_type, text in newest.values()
        if row.decision in _CARRIED
    ]


def _confirmations(
    session: Session, item_ids: Collection[str]
) -> list[tuple[tuple[str, str], PriorDecision]]:
    rows = session.scalars(
        select(ClaimDecisionRow)
        .where(ClaimDecisionRow.item_id.in_(item_ids))
        .order_by(ClaimDecisionRow.id)
    )
    newest = {(row.item_id, row.claim_id): row for row in rows}
    return [
        (
            key,
            PriorDecision(
                action="confirmed",
                flag_type=None,
                note=row.note,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
            ),
        )
        for key, row in newest.items()
        if row.decision == "confirm"
    ]


def _return_notes(session: Session, item_ids: Collection[str]) -> dict[str, ReturnNote]:
    """Who returned each item, when and why: the `item.returned` event of the audit chain
    (a returned item is final, so there is one)."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(AuditEntry.target, AuditEntry.actor, AuditEntry.at, AuditEntry.detail)
        .where(
            AuditEntry.target.in_([f"item:{item_id}" for item_id in item_ids]),
            AuditEntry.action == "item.returned",
        )
        .order_by(AuditEntry.seq)
    )
    return {
        target.removeprefix("item:"): ReturnNote(returned_by=actor, returned_at=at, reason=detail)
        for target, actor, at, detail in rows
    }


def _rejected_before(
    notes: list[PriorReview], flags: Sequence[FlagRow]
) -> dict[int, list[EarlierRejection]]:
    by_claim: dict[str, list[PriorReview]] = {}
    for note in notes:
        by_claim.setdefault(note.claim_id, []).append(note)
    found: dict[int, list[EarlierRejection]] = {}
    for flag in flags:
        words = normalize(flag.text)
        rejections = [
            _rejection(note, decision)
            for note in by_claim.get(flag.claim_id, [])
            for decision in note.decisions
            if decision.action == "rejected"
            and decision.flag_type == flag.type
            and same_claim(words, normalize(decision.flag_text or ""))
        ]
        if rejections:
            found[flag.id] = sorted(rejections, key=lambda r: r.rejected_at, reverse=True)
    return found


def _rejection(note: PriorReview, decision: PriorDecision) -> EarlierRejection:
    assert decision.flag_id is not None  # a rejection is a flag decision: it has its flag
    return EarlierRejection(
        item_id=note.item_id,
        claim_id=note.earlier_claim_id,
        flag_id=decision.flag_id,
        text=decision.flag_text or "",
        rejected_by=decision.decided_by,
        rejected_at=decision.decided_at,
        reason=decision.note,
        standing=note.standing,
        returned=note.returned,
        url=desk_flag_url(note.item_id, decision.flag_id),
    )


def desk_claim_url(item_id: str, claim_id: str) -> str:
    """The claim's notes on the other item's page (they sit with the claim's flags)."""
    return f"/desk/items/{item_id}#claim-notes-{claim_id}"


def desk_flag_url(item_id: str, flag_id: int) -> str:
    return f"/desk/items/{item_id}#flag-{flag_id}"
