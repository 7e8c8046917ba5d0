"""Editors' decisions flowing back: the claims they decided, and notes on later matching claims.

An editor decides a claim in exactly three ways, and only these are recorded and carried forward:

- accepting a flag on it: they agree with that flag. An accepted `hedged` or `anonymous_source`
  says the claim is hedged or anonymously sourced, i.e. still unverified; it confirms nothing;
- rejecting a flag on it: they judged that flag wrong. That clears the flag, not the claim;
- confirming the claim itself (`ClaimDecisionRow`): they checked it and vouch for it.

Approving an item decides nothing about a claim nobody touched. On approval, each claim with at
least one such decision enters the reviewed set (`record_approval`); a later article's claim
that is the same claim (service.review.claim_match) gets a note linking the earlier item and claim
with those decisions, who made them and when (`prior_review_links`, `prior_reviews`); only a
claim an editor confirmed makes the new one `corroborated`.

Join point for the reference-fact store (service/evidence's FactBase): `reviewed_facts()` yields
every claim editors decided, with its outcome. That outcome is a summary written at approval,
which no audit check covers: corroboration reads the audited claim decisions instead.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.review import PriorDecision, PriorReview
from schemas.verify import FlagType, VerifyResponse
from service.evidence.flag_types import RETIRED_FLAG_TYPES
from service.review.claim_match import best_matches, normalize
from service.store.models import (
    ClaimDecisionRow,
    FlagDecision,
    FlagRow,
    PriorReviewLink,
    ReviewedClaim,
)
from service.verify.merge import counts_for

Outcome = Literal["confirmed", "flagged", "cleared"]
NOTES_PER_CLAIM = 3
"""Earlier reviews shown on one claim, most similar first: enough to see the history."""
_CANDIDATES = 5000
"""Newest reviewed claims a new article is compared with."""


@dataclass(frozen=True)
class ReviewedFact:
    """A claim editors decided: `confirmed` (vouched for), `flagged` (a flag upheld on it) or
    `cleared` (its flags judged wrong, the claim itself not confirmed)."""

    item_id: str
    claim_id: str
    text: str
    outcome: str
    accepted_flags: tuple[str, ...]
    reviewed_at: datetime


def reviewed_facts(session: Session) -> Iterator[ReviewedFact]:
    for row in session.scalars(select(ReviewedClaim).order_by(ReviewedClaim.id)):
        flags = tuple(f for f in row.accepted_flags.split(",") if f)
        yield ReviewedFact(row.item_id, row.claim_id, row.text, row.outcome, flags, row.reviewed_at)


def record_approval(session: Session, item_id: str, report: VerifyResponse) -> int:
    """The claims of the approved item that an editor decided enter the reviewed set."""
    decided = claim_decisions(session, item_id)
    recorded = 0
    for claim in report.claims:
        decisions = decided.get(claim.id)
        if not decisions:
            continue  # approving the item is not a decision on this claim
        accepted = sorted({d.flag_type or "" for d in decisions if d.action == "accepted"})
        session.add(
            ReviewedClaim(
                item_id=item_id,
                claim_id=claim.id,
                text=claim.text,
                normalized=normalize(claim.text),
                outcome=outcome_of(decisions),
                accepted_flags=",".join(accepted),
            )
        )
        recorded += 1
    return recorded


def outcome_of(decisions: list[PriorDecision]) -> Outcome:
    actions = {d.action for d in decisions}
    if "confirmed" in actions:
        return "confirmed"
    return "flagged" if "accepted" in actions else "cleared"


@dataclass
class ReviewedClaims:
    """The reviewed claims new articles are matched against, read once for a group of items,
    and the confirmations looked up so far (per earlier item)."""

    known: dict[int, ReviewedClaim]
    confirmations: dict[str, set[str]]

    @classmethod
    def read(cls, session: Session) -> "ReviewedClaims":
        return cls(_candidates(session), {})


def prior_review_links(
    session: Session, report: VerifyResponse, item_id: str, reviewed: ReviewedClaims
) -> list[PriorReviewLink]:
    """Link each claim of the item to the same claim decided in earlier approved items: the
    links to add (they replace any of an earlier analysis of this item; the caller writes
    them). A claim matching one an editor confirmed becomes `corroborated` (unless the article
    contradicts it); other decisions are notes for the editor and change no status. The
    report's counts follow."""
    known = {i: row for i, row in reviewed.known.items() if row.item_id != item_id}
    confirmations = reviewed.confirmations
    texts = {row.id: row.normalized for row in known.values()}
    links: list[PriorReviewLink] = []
    for claim in report.claims:
        matches = best_matches(normalize(claim.text), texts, NOTES_PER_CLAIM)
        links.extend(
            PriorReviewLink(
                item_id=item_id,
                claim_id=claim.id,
                reviewed_claim_id=reviewed_id,
                similarity=similarity,
            )
            for reviewed_id, similarity in matches
        )
        confirmed = any(
            _confirmed(session, known[reviewed_id], confirmations) for reviewed_id, _ in matches
        )
        if confirmed and claim.status != "contradicted":
            claim.status = "corroborated"  # an editor vouched for this very claim before
    report.counts = counts_for(report.claims)
    return links


def _confirmed(session: Session, earlier: ReviewedClaim, cache: dict[str, set[str]]) -> bool:
    """Whether an editor's confirmation of the earlier claim stands, read from the claim
    decisions the audit chain covers (not the reviewed set's `outcome`, which it does not)."""
    if earlier.item_id not in cache:
        cache[earlier.item_id] = {claim for claim, _ in _confirmations(session, earlier.item_id)}
    return earlier.claim_id in cache[earlier.item_id]


def prior_reviews(session: Session, item_id: str) -> list[PriorReview]:
    """The item's links as notes, each with the earlier claim's decisions (oldest first)."""
    rows = session.execute(
        select(PriorReviewLink, ReviewedClaim)
        .join(ReviewedClaim, ReviewedClaim.id == PriorReviewLink.reviewed_claim_id)
        .where(PriorReviewLink.item_id == item_id)
        .order_by(PriorReviewLink.id)
    )
    decided: dict[str, dict[str, list[PriorDecision]]] = {}
    notes = []
    for link, earlier in rows:
        if earlier.item_id not in decided:
            decided[earlier.item_id] = claim_decisions(session, earlier.item_id)
        notes.append(
            PriorReview(
                claim_id=link.claim_id,
                item_id=earlier.item_id,
                earlier_claim_id=earlier.claim_id,
                earlier_text=earlier.text,
                similarity=link.similarity,
                decisions=decided[earlier.item_id].get(earlier.claim_id, []),
                url=desk_claim_url(earlier.item_id, earlier.claim_id),
            )
        )
    return notes


def desk_claim_url(item_id: str, claim_id: str) -> str:
    """The claim's notes on the earlier item's page (they sit with the claim's flags)."""
    return f"/desk/items/{item_id}#claim-notes-{claim_id}"


def claim_decisions(session: Session, item_id: str) -> dict[str, list[PriorDecision]]:
    """Per claim of the item, the newest decision on each of its flags and, when it stands, its
    confirmation; oldest first."""
    by_claim: dict[str, list[PriorDecision]] = {}
    for claim_id, decision in _flag_decisions(session, item_id) + _confirmations(session, item_id):
        by_claim.setdefault(claim_id, []).append(decision)
    for decisions in by_claim.values():
        decisions.sort(key=lambda d: d.decided_at)
    return by_claim


def _flag_decisions(session: Session, item_id: str) -> list[tuple[str, PriorDecision]]:
    rows = session.execute(
        select(FlagDecision, FlagRow.claim_id, FlagRow.type)
        .join(FlagRow, FlagRow.id == FlagDecision.flag_id)
        .where(FlagDecision.item_id == item_id, FlagRow.type.not_in(RETIRED_FLAG_TYPES))
        .order_by(FlagDecision.id)
    )
    newest: dict[int, tuple[str, FlagType, FlagDecision]] = {
        row.flag_id: (claim_id, flag_type, row) for row, claim_id, flag_type in rows
    }
    return [
        (
            claim_id,
            PriorDecision(
                action="accepted" if row.decision == "accept" else "rejected",
                flag_type=flag_type,
                note=row.note,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
            ),
        )
        for claim_id, flag_type, row in newest.values()
        # A duplicate repeats another flag, whose own decision is the one that carries.
        if row.decision != "duplicate"
    ]


def _confirmations(session: Session, item_id: str) -> list[tuple[str, PriorDecision]]:
    rows = session.scalars(
        select(ClaimDecisionRow)
        .where(ClaimDecisionRow.item_id == item_id)
        .order_by(ClaimDecisionRow.id)
    )
    newest = {row.claim_id: row for row in rows}
    return [
        (
            row.claim_id,
            PriorDecision(
                action="confirmed",
                flag_type=None,
                note=row.note,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
            ),
        )
        for row in newest.values()
        if row.decision == "confirm"
    ]


def _candidates(session: Session) -> dict[int, ReviewedClaim]:
    """The newest reviewed claims. An item being analysed has none of its own (only approved
    items have reviewed claims, and an approved item is never analysed again); its own are
    left out all the same when matching."""
    rows = session.scalars(
        select(ReviewedClaim).order_by(ReviewedClaim.id.desc()).limit(_CANDIDATES)
    )
    return {row.id: row for row in rows}
