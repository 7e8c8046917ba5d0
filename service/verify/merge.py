"""One report from deterministic evidence and model flags.

Rules: a deterministic flag always survives; a model flag is added with `detector: "llm"` unless
a deterministic flag of the same type already covers an overlapping span. A claim's status
follows from its flags, strongest first:

1. `contradicted`: in a contradiction, or carrying a factbase_conflict, internal_contradiction,
   numeric/temporal inconsistency or misidentified_entity flag;
2. `corroborated`: matches a reference fact (evidence layer) and nothing above; the review
   workflow also marks a claim corroborated when an editor explicitly confirmed the same claim
   in an earlier approved item (`service/review/feedback.py`; approving an item is not that);
3. `unverified`: an anonymous_source, unconfirmed, hedged or unattributed_assertion flag;
4. `opinion`: evaluative or speculative (the evidence layer's opinion mark, or only speculation);
5. `attributed`: everything else a named source says.

Status and `asserted_by` never disagree: `attributed` means on the record from a named source,
so a claim of the outlet's own voice, of an unnamed source or of nobody is never `attributed`:
it is `opinion` when any flag on it is evaluative, else `unverified`.
"""

from collections.abc import Iterable

from schemas.verify import AssertedBy, Claim, ClaimStatus, Contradiction, Counts, Flag
from service.evidence import ClaimEvidence, Evidence, Signal
from service.evidence.flag_types import types_with
from service.pipeline.intake import submitted_span
from service.text import Document

_CONTRADICTING = types_with("contradicts")
_UNVERIFIED = types_with("unverifies")
_EVALUATIVE = types_with("evaluative")
_SOURCED = frozenset({"named_source", "anonymous_source"})


def claim_id(sentence: int) -> str:
    return f"c{sentence}"


def merge_signals(deterministic: list[Signal], from_model: Iterable[Signal]) -> list[Signal]:
    merged = list(deterministic)
    for candidate in from_model:
        if not any(_same_finding(candidate, kept) for kept in merged):
            merged.append(candidate)
    return sorted(merged, key=lambda s: (s.start, s.end))


def _same_finding(a: Signal, b: Signal) -> bool:
    return a.type == b.type and a.start < b.end and b.start < a.end


def build_claims(
    document: Document, evidence: Evidence, model_signals: dict[int, list[Signal]]
) -> list[Claim]:
    in_contradiction = {i for c in evidence.contradictions for i in c.sentences}
    claims = []
    for claim in evidence.claims:
        signals = merge_signals(claim.signals, model_signals.get(claim.sentence, []))
        if not _is_claim(claim, signals, in_contradiction):
            continue
        span = submitted_span(document, claim.start, claim.end)
        claims.append(
            Claim(
                id=claim_id(claim.sentence),
                text=span.text,
                start=span.start,
                end=span.end,
                sentence=claim.sentence,
                asserted_by=_asserted_by(document, claim),
                status=claim_status(claim, signals, claim.sentence in in_contradiction),
                # A repeated loaded term is shown once, at its first use.
                flags=[_flag(document, s) for s in signals if s.first_use is None],
            )
        )
    return claims


def _is_claim(claim: ClaimEvidence, signals: list[Signal], in_contradiction: set[int]) -> bool:
    """Skip the outlet's plain narration: no source, no flag, nothing checkable. A sentence
    of the outlet's own voice that no rule flagged ("Rovers beat City 2-0") is narration too,
    whether or not it holds a figure: as a claim it would be `attributed` to nobody."""
    return bool(
        signals
        or claim.sentence in in_contradiction
        or claim.attribution.kind in _SOURCED
        or claim.corroborated
    )


def claim_status(claim: ClaimEvidence, signals: list[Signal], contradicted: bool) -> ClaimStatus:
    types = {s.type for s in signals}
    if contradicted or types & _CONTRADICTING:
        return "contradicted"
    if claim.corroborated:
        return "corroborated"
    if types & _UNVERIFIED:
        return "unverified"
    if claim.opinion or types == {"speculation"}:
        return "opinion"
    if claim.attribution.kind == "named_source":
        return "attributed"
    return "opinion" if types & _EVALUATIVE else "unverified"


def _asserted_by(document: Document, claim: ClaimEvidence) -> AssertedBy:
    who = claim.attribution
    start = end = None
    if who.source_start is not None and who.source_end is not None:
        span = submitted_span(document, who.source_start, who.source_end)
        start, end = span.start, span.end
    return AssertedBy(
        kind=who.kind,
        name=who.name,
        role=who.role,
        affiliation=who.affiliation,
        verb=who.verb,
        start=start,
        end=end,
    )


def _flag(document: Document, signal: Signal) -> Flag:
    span = submitted_span(document, signal.start, signal.end)
    return Flag(
        type=signal.type,
        start=span.start,
        end=span.end,
        text=span.text,
        detail=signal.detail,
        detector=signal.detector,
        confidence=signal.confidence,
        suggestion=signal.suggestion,
        related=[claim_id(i) for i in signal.related],
    )


def build_contradictions(evidence: Evidence) -> list[Contradiction]:
    return [
        Contradiction(
            id=f"x{number}",
            type=c.type,
            claims=[claim_id(i) for i in c.sentences],
            explanation=c.explanation,
            detector=c.detector,
            confidence=c.confidence,
        )
        for number, c in enumerate(evidence.contradictions, start=1)
    ]


def counts_for(claims: list[Claim]) -> Counts:
    return Counts(
        claims=len(claims),
        unverified=sum(c.status == "unverified" for c in claims),
        contradicted=sum(c.status == "contradicted" for c in claims),
        loaded_language=sum(f.type == "loaded_language" for c in claims for f in c.flags),
        name_calling=sum(f.type == "name_calling" for c in claims for f in c.flags),
    )
