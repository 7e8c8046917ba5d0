"""Editors' decisions flowing back: the claims they decided, and notes on later matching claims.

An editor decides a claim in exactly three ways, and only these are recorded and carried forward:

- accepting a flag on it: they agree with that flag. An accepted `hedged` or `anonymous_source`
  says the claim is hedged or anonymously sourced, i.e. still unverified; it confirms nothing;
- rejecting a flag on it: they judged that flag wrong. That clears the flag, not the claim;
- confirming the claim itself (`ClaimDecisionRow`): they checked it and vouch for it.

Approving an item decides nothing about a claim nobody touched. A claim enters the reviewed set
with its first such decision, provisional until its item is approved
(service.review.priors.enter_decided_claim); approval settles it (`record_approval`). Another
article's claim that is the same claim (service.review.claim_match) is linked to it at analysis
(`link_prior_reviews`) and shows its decisions, who made them, when, and how far they stand
(service.review.priors); only a claim an editor confirmed in an approved item makes the new one
`corroborated`.

Join point for the reference-fact store (service/evidence's FactBase): `reviewed_facts()` yields
every claim editors decided in an approved item, with its outcome. That outcome is a summary
written at approval, which no audit check covers: corroboration reads the audited claim
decisions instead.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from schemas.review import PriorDecision, ReviewStatus
from schemas.verify import Claim, VerifyResponse
from service.review.claim_match import best_matches, normalize
from service.review.priors import CANDIDATES, NOTES_PER_CLAIM, decisions_by_claim
from service.store.models import PriorReviewLink, ReviewedClaim, ReviewItem
from service.verify.merge import counts_for

Outcome = Literal["confirmed", "flagged", "cleared"]


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
    """The claims of approved items: an open item's decisions may still change, a returned
    item's were never approved."""
    rows = session.scalars(
        select(ReviewedClaim)
        .join(ReviewItem, ReviewItem.id == ReviewedClaim.item_id)
        .where(ReviewItem.status == "approved")
        .order_by(ReviewedClaim.id)
    )
    for row in rows:
        flags = tuple(f for f in row.accepted_flags.split(",") if f)
        yield ReviewedFact(row.item_id, row.claim_id, row.text, row.outcome, flags, row.reviewed_at)


def record_approval(session: Session, item_id: str, report: VerifyResponse) -> int:
    """The item's decided claims settle, each with its outcome; a claim whose decisions were
    all taken back (a confirmation withdrawn) leaves the set, with the links to it."""
    decided = claim_decisions(session, item_id)
    entered = {
        row.claim_id: row
        for row in session.scalars(select(ReviewedClaim).where(ReviewedClaim.item_id == item_id))
    }
    recorded = 0
    for claim in report.claims:
        decisions = decided.get(claim.id)
        if not decisions:
            continue  # approving the item is not a decision on this claim
        row = entered.pop(claim.id, None) or _entered_now(session, item_id, claim)
        row.outcome = outcome_of(decisions)
        row.accepted_flags = ",".join(
            sorted({d.flag_type or "" for d in decisions if d.action == "accepted"})
        )
        recorded += 1
    _leave_set(session, [row.id for row in entered.values()])
    return recorded


def _entered_now(session: Session, item_id: str, claim: Claim) -> ReviewedClaim:
    """A claim decided before this desk entered claims at their first decision (an item in
    review across the upgrade): it enters at approval, as claims used to."""
    row = ReviewedClaim(
        item_id=item_id, claim_id=claim.id, text=claim.text, normalized=normalize(claim.text)
    )
    session.add(row)
    return row


def _leave_set(session: Session, reviewed_ids: list[int]) -> None:
    if not reviewed_ids:
        return
    session.execute(
        delete(PriorReviewLink).where(PriorReviewLink.reviewed_claim_id.in_(reviewed_ids))
    )
    session.execute(delete(ReviewedClaim).where(ReviewedClaim.id.in_(reviewed_ids)))


def claim_decisions(session: Session, item_id: str) -> dict[str, list[PriorDecision]]:
    """Per claim of the item, the newest decision on each of its flags and, when it stands, its
    confirmation; oldest first."""
    return {claim: found for (_, claim), found in decisions_by_claim(session, [item_id]).items()}


def outcome_of(decisions: list[PriorDecision]) -> Outcome:
    actions = {d.action for d in decisions}
    if "confirmed" in actions:
        return "confirmed"
    return "flagged" if "accepted" in actions else "cleared"


def link_prior_reviews(session: Session, report: VerifyResponse, item_id: str) -> int:
    """Link each claim of the item to the same claim decided in other items (see
    `prior_review_links`), replacing the links of an earlier analysis of this item."""
    links = prior_review_links(session, report, item_id, ReviewedClaims.read(session))
    session.execute(delete(PriorReviewLink).where(PriorReviewLink.item_id == item_id))
    session.add_all(links)
    return len(links)


@dataclass(frozen=True)
class ReviewedClaims:
    """The decided claims new articles are matched against, with their item's status: read
    once for a group of items analysed together (service/review/analysis.py)."""

    known: dict[int, tuple[ReviewedClaim, ReviewStatus]]

    @classmethod
    def read(cls, session: Session) -> "ReviewedClaims":
        return cls(_candidates(session))


def prior_review_links(
    session: Session, report: VerifyResponse, item_id: str, reviewed: ReviewedClaims
) -> list[PriorReviewLink]:
    """The links from each claim of the item to the same claim decided in other items,
    approved or not (the caller writes them, replacing the item's earlier ones).

    A claim matching one an editor confirmed in an approved item becomes `corroborated`
    (unless the article contradicts it); other decisions, and every decision of an item not
    approved, are notes for the editor and change no status (the report keeps the status it is
    given here). The report's counts follow.
    """
    # Match first and write last: matching is the slow part (fuzzy comparison against every
    # reviewed claim), and on SQLite the first write takes the store's write lock, which other
    # workers wait for.
    known = {key: found for key, found in reviewed.known.items() if found[0].item_id != item_id}
    if not known:  # nothing decided yet to match against: no claim's text needs normalising
        report.counts = counts_for(report.claims)
        return []
    texts = {key: row.normalized for key, (row, _) in known.items()}
    matched = {
        claim.id: best_matches(normalize(claim.text), texts, NOTES_PER_CLAIM)
        for claim in report.claims
    }
    confirmed = _settled_confirmations(
        session, [known[key] for found in matched.values() for key, _ in found]
    )
    for claim in report.claims:
        vouched = any(known[key][0].id in confirmed for key, _ in matched[claim.id])
        if vouched and claim.status != "contradicted":
            claim.status = "corroborated"  # an editor vouched for this very claim before
    report.counts = counts_for(report.claims)
    return [
        PriorReviewLink(
            item_id=item_id, claim_id=claim_id, reviewed_claim_id=key, similarity=similarity
        )
        for claim_id, found in matched.items()
        for key, similarity in found
    ]


def _settled_confirmations(
    session: Session, matched: list[tuple[ReviewedClaim, ReviewStatus]]
) -> set[int]:
    """The matched claims an editor confirmed in an approved item, read from the claim
    decisions the audit chain covers (not the reviewed set's `outcome`, which it does not).
    An open item's confirmation may still be withdrawn: it is a note there, not a status."""
    settled = [row for row, status in matched if status == "approved"]
    decided = decisions_by_claim(session, {row.item_id for row in settled})
    return {
        row.id
        for row in settled
        if any(d.action == "confirmed" for d in decided.get((row.item_id, row.claim_id), []))
    }


def _candidates(session: Session) -> dict[int, tuple[ReviewedClaim, ReviewStatus]]:
    """The newest decided claims, with their item's status (an item's own are left out when
    it is matched: an item being analysed has none, decisions come after analysis)."""
    rows = session.execute(
        select(ReviewedClaim, ReviewItem.status)
        .join(ReviewItem, ReviewItem.id == ReviewedClaim.item_id)
        .order_by(ReviewedClaim.id.desc())
        .limit(CANDIDATES)
    )
    return {row.id: (row, status) for row, status in rows}
