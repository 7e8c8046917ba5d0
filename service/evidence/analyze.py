"""Run every deterministic detector over a document."""

from service.evidence.attribution import attribute_document
from service.evidence.factbase import seed_factbase
from service.evidence.model import ClaimEvidence, Evidence
from service.evidence.rules import cue_signals, loaded_signals
from service.text import Document


def analyze(document: Document) -> Evidence:
    attributions = attribute_document(document, seed_factbase())
    claims: list[ClaimEvidence] = []
    for sentence, attribution in zip(document.sentences, attributions, strict=True):
        signals = [*cue_signals(sentence), *loaded_signals(sentence)]
        claims.append(
            ClaimEvidence(sentence.index, sentence.start, sentence.end, attribution, signals)
        )
    return Evidence(claims=claims, contradictions=[])
