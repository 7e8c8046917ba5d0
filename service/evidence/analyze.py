"""Run every deterministic detector over a document."""

from service.evidence.attribution import attribute
from service.evidence.model import ClaimEvidence, Evidence
from service.evidence.rules import cue_signals, loaded_signals
from service.text import Document


def analyze(document: Document) -> Evidence:
    claims: list[ClaimEvidence] = []
    for sentence in document.sentences:
        signals = [*cue_signals(sentence), *loaded_signals(sentence)]
        attribution = attribute(sentence.text, signals)
        claims.append(
            ClaimEvidence(sentence.index, sentence.start, sentence.end, attribution, signals)
        )
    return Evidence(claims=claims, contradictions=[])
