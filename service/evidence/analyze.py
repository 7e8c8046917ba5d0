"""Run every deterministic detector over a document and assemble one Evidence."""

import re
from collections.abc import Sequence

from schemas.verify import FlagType
from service.evidence.assertions import assertion_trigger
from service.evidence.attribution import attribute_document, mask_quotes
from service.evidence.consistency import (
    Finding,
    event_time_findings,
    modality_findings,
    numeric_findings,
    temporal_findings,
)
from service.evidence.factbase import seed_factbase
from service.evidence.gazetteer import load_gazetteer
from service.evidence.model import Attribution, ClaimEvidence, Evidence, Signal
from service.evidence.prefilter import lowered
from service.evidence.quantities import extract_quantities, extract_times
from service.evidence.reference import check_reference
from service.evidence.rules import Cue, cue_signals, cues_for, loaded_signals
from service.text import Document, Sentence

_FLAG_FOR: dict[str, FlagType] = {
    "numeric": "numeric_inconsistency",
    "temporal": "temporal_inconsistency",
}
_EVALUATIVE = frozenset({"loaded_language", "speculation"})


def analyze(document: Document) -> Evidence:
    factbase = seed_factbase()
    attributions = attribute_document(document, factbase)
    quantities = [q for s in document.sentences for q in extract_quantities(s)]
    times = [t for s in document.sentences for t in extract_times(s)]
    cues = cues_for(lowered(document.text))
    claims = [
        _claim(sentence, attributions[sentence.index], cues) for sentence in document.sentences
    ]
    reference = check_reference(document, attributions, quantities, factbase, load_gazetteer)
    findings = [
        *reference.findings,
        *numeric_findings(document, quantities),
        *temporal_findings(document, times),
        *event_time_findings(document, times),
        *modality_findings(document, attributions),
    ]
    for sentence_id, signals in reference.signals.items():
        claims[sentence_id].signals.extend(signals)
    for finding in findings:
        _flag_finding(claims, finding)
    for claim in claims:
        claim.corroborated = claim.sentence in reference.corroborated
        claim.signals.sort(key=lambda s: (s.start, s.end))
    return Evidence(claims, [f.contradiction for f in findings], quantities, times)


def _claim(sentence: Sentence, attribution: Attribution, cues: Sequence[Cue]) -> ClaimEvidence:
    signals = _dedupe(
        [
            *cue_signals(sentence, cues),
            *loaded_signals(sentence),
            *_attribution_signals(sentence, attribution),
        ]
    )
    opinion = attribution.kind == "outlet" and bool({s.type for s in signals} & _EVALUATIVE)
    return ClaimEvidence(
        sentence.index, sentence.start, sentence.end, attribution, signals, opinion=opinion
    )


def _attribution_signals(sentence: Sentence, attribution: Attribution) -> list[Signal]:
    if attribution.kind == "anonymous_source" and attribution.role:
        at = sentence.text.find(attribution.role)
        start, end = (at, at + len(attribution.role)) if at >= 0 else (0, len(sentence.text))
        return [
            Signal(
                "anonymous_source",
                sentence.start + start,
                sentence.start + end,
                f"Unnamed source ({attribution.role}); the editor cannot see who "
                "stands behind this.",
                "rule:attribution",
                0.9,
            )
        ]
    if attribution.kind == "unattributed":
        masked = mask_quotes(sentence.text)
        trigger = assertion_trigger(masked, lowered(masked))
        if trigger:
            start = sentence.start + trigger.start()
            end = sentence.start + _clause_end(sentence.text, trigger.end())
            return [
                Signal(
                    "unattributed_assertion",
                    start,
                    end,
                    "A checkable factual assertion with no source in the article.",
                    "rule:attribution",
                    0.6,
                )
            ]
    return []


def _clause_end(text: str, after: int) -> int:
    """Extend a trigger to the end of its clause so the editor sees the whole assertion."""
    stop = re.compile(r"[,;:.—]").search(text, after)
    return stop.start() if stop else len(text.rstrip(".!?"))


def _dedupe(signals: list[Signal]) -> list[Signal]:
    """One finding per type and span: the wider span of overlapping same-type signals wins."""
    kept: list[Signal] = []
    for signal in sorted(signals, key=lambda s: -(s.end - s.start)):
        if not any(
            k.type == signal.type and k.start < signal.end and signal.start < k.end for k in kept
        ):
            kept.append(signal)
    return kept


def _flag_finding(claims: list[ClaimEvidence], finding: Finding) -> None:
    contradiction = finding.contradiction
    flag_type = _FLAG_FOR.get(contradiction.type, "internal_contradiction")
    for sentence_id, (start, end) in finding.spans.items():
        related = tuple(i for i in contradiction.sentences if i != sentence_id)
        claims[sentence_id].signals.append(
            Signal(
                flag_type,
                start,
                end,
                contradiction.explanation,
                contradiction.detector,
                contradiction.confidence,
                related=related,
            )
        )
