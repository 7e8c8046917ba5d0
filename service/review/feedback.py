"""Editors' decisions flowing back: reviewed claims, `previously_reviewed` flags.

Join point for the reference-fact store (service/evidence's FactBase): `reviewed_facts()` yields
every claim editors ruled on, with its outcome; a FactBase can load them at startup or on each
approval, and `record_approval()` is the one place new ones are written.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.verify import Claim, Flag, VerifyResponse
from service.store.models import FlagDecision, FlagRow, ReviewedClaim
from service.verify.merge import counts_for

OVERLAP_THRESHOLD = 0.8
_MIN_TOKENS = 4
_CANDIDATES = 5000
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ReviewedFact:
    """A claim editors approved (`confirmed`) or corrected (`flagged: <accepted flag types>`)."""

    item_id: str
    claim_id: str
    text: str
    outcome: str
    accepted_flags: tuple[str, ...]
    reviewed_at: datetime


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(folded))


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of the two normalized texts' word sets."""
    left, right = set(a.split()), set(b.split())
    if len(left) < _MIN_TOKENS or len(right) < _MIN_TOKENS:
        return 1.0 if a == b else 0.0
    return len(left & right) / len(left | right)


def reviewed_facts(session: Session) -> Iterator[ReviewedFact]:
    for row in session.scalars(select(ReviewedClaim).order_by(ReviewedClaim.id)):
        yield _fact(row)


def record_approval(session: Session, item_id: str, report: VerifyResponse) -> int:
    """Every claim of an approved item enters the reviewed set, with the editors' verdict."""
    accepted = _accepted_types_by_claim(session, item_id)
    for claim in report.claims:
        flags = sorted(accepted.get(claim.id, set()))
        session.add(
            ReviewedClaim(
                item_id=item_id,
                claim_id=claim.id,
                text=claim.text,
                normalized=normalize(claim.text),
                outcome="flagged" if flags else "confirmed",
                accepted_flags=",".join(flags),
            )
        )
    return len(report.claims)


def mark_previously_reviewed(session: Session, report: VerifyResponse, item_id: str) -> int:
    """Add a `previously_reviewed` flag to each claim matching one editors already ruled on."""
    known = list(
        session.scalars(
            select(ReviewedClaim)
            .where(ReviewedClaim.item_id != item_id)
            .order_by(ReviewedClaim.id.desc())
            .limit(_CANDIDATES)
        )
    )
    marked = 0
    for claim in report.claims:
        match = _best_match(normalize(claim.text), known)
        if match is not None:
            claim.flags.append(_previously_reviewed_flag(claim, _fact(match)))
            if match.outcome == "confirmed" and claim.status != "contradicted":
                claim.status = "corroborated"  # editors approved this very claim before
            marked += 1
    report.counts = counts_for(report.claims)
    return marked


def _best_match(normalized: str, known: list[ReviewedClaim]) -> ReviewedClaim | None:
    best, best_score = None, OVERLAP_THRESHOLD
    for row in known:
        score = 1.0 if row.normalized == normalized else overlap(normalized, row.normalized)
        if score >= best_score:
            best, best_score = row, score
            if score == 1.0:
                break
    return best


def _previously_reviewed_flag(claim: Claim, fact: ReviewedFact) -> Flag:
    verdict = (
        f"editors accepted these flags on it: {', '.join(fact.accepted_flags)}"
        if fact.accepted_flags
        else "editors approved it without upholding a flag"
    )
    return Flag(
        type="previously_reviewed",
        start=claim.start,
        end=claim.end,
        text=claim.text,
        detail=f"Reviewed on {fact.reviewed_at:%Y-%m-%d} in item {fact.item_id} "
        f"(claim {fact.claim_id}): {fact.outcome}; {verdict}.",
        detector="review",
        confidence=0.9,
        related=[f"item:{fact.item_id}#{fact.claim_id}"],
    )


def _accepted_types_by_claim(session: Session, item_id: str) -> dict[str, set[str]]:
    latest: dict[int, tuple[str, str, str]] = {}
    rows = session.execute(
        select(FlagDecision.flag_id, FlagDecision.decision, FlagRow.claim_id, FlagRow.type)
        .join(FlagRow, FlagRow.id == FlagDecision.flag_id)
        .where(FlagDecision.item_id == item_id)
        .order_by(FlagDecision.id)
    )
    for flag_id, decision, claim_id, flag_type in rows:
        latest[flag_id] = (decision, claim_id, flag_type)
    accepted: dict[str, set[str]] = {}
    for outcome, claimed, typed in latest.values():
        if outcome == "accept":
            accepted.setdefault(claimed, set()).add(typed)
    return accepted


def _fact(row: ReviewedClaim) -> ReviewedFact:
    flags = tuple(f for f in row.accepted_flags.split(",") if f)
    return ReviewedFact(row.item_id, row.claim_id, row.text, row.outcome, flags, row.reviewed_at)
