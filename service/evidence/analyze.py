"""Run every registered detector over a document and fold their findings into one Evidence."""

from collections.abc import Iterable
from dataclasses import replace

from service.evidence.context import AnalysisContext, build_context
from service.evidence.detectors import DETECTORS
from service.evidence.flag_types import types_with
from service.evidence.model import ClaimEvidence, Evidence, Finding
from service.evidence.one_finding import one_finding_each
from service.evidence.overlay import Rule, apply_overlay, learnt_attributions
from service.text import Document

_EVALUATIVE = types_with("evaluative")
_OPINION_CONFIDENCE = 0.7
"""An outlet sentence is opinion when an evaluative flag is this sure: one mildly emotive word
from the lexicon-derived tier (confidence below this) does not make a report an opinion."""


def analyze(document: Document, learnt: tuple[Rule, ...] = ()) -> Evidence:
    """`learnt`: the newsroom's overlay rules for this article (service/evidence/overlay.py)."""
    ctx = build_context(document)
    findings = _detected(ctx)
    if not learnt:
        return fold(ctx, findings)
    attributions = learnt_attributions(document, list(ctx.attributions), findings, learnt)
    if attributions is not None:
        ctx = replace(ctx, attributions=attributions)
        findings = _detected(ctx)
    return fold(ctx, apply_overlay(document, findings, learnt))


def _detected(ctx: AnalysisContext) -> list[Finding]:
    return [finding for detector in DETECTORS for finding in detector.detect(ctx)]


def fold(ctx: AnalysisContext, findings: Iterable[Finding]) -> Evidence:
    """One claim per sentence, carrying its attribution and every flag found in it."""
    claims = [
        ClaimEvidence(sentence.index, sentence.start, sentence.end, attribution)
        for sentence, attribution in zip(ctx.document.sentences, ctx.attributions, strict=True)
    ]
    contradictions = []
    for finding in _outside_instructions(list(findings)):
        for sentence, signal in finding.flags:
            claims[sentence].signals.append(signal)
        for sentence in finding.corroborated:
            claims[sentence].corroborated = True
        for sentence in finding.planted:
            claims[sentence].planted = True
        if finding.contradiction is not None:
            contradictions.append(finding.contradiction)
    for claim in claims:
        claim.signals = one_finding_each(claim.signals, ctx.document.text)
        claim.opinion = claim.attribution.kind == "outlet" and any(
            s.type in _EVALUATIVE and s.confidence >= _OPINION_CONFIDENCE for s in claim.signals
        )
    return Evidence(claims, contradictions, list(ctx.quantities), list(ctx.times))


def _outside_instructions(findings: list[Finding]) -> list[Finding]:
    """Findings that do not rest on an instruction aimed at a model.

    Such an instruction is not reporting: what it asserts is no claim of the article, and
    quoting it back (a loaded word, a figure in a contradiction) would pass the attacker's words
    on. Its own `embedded_instructions` flag is the one finding on the sentences it surely holds
    (the flagged one and those its flag relates); a contradiction with any sentence it may hold
    (`Finding.planted`) is dropped too. A sentence it only may hold (after a header such as
    "### Response:", which could as well be followed by the article itself) keeps its own flags.
    """
    planted = [finding for finding in findings if finding.planted]
    if not planted:
        return findings
    sure: set[int] = set()
    for finding in planted:
        for sentence, signal in finding.flags:
            sure.update((sentence, *signal.related))
    maybe = {sentence for finding in planted for sentence in finding.planted}
    return [
        finding for finding in findings if finding.planted or not _rests_on(finding, sure, maybe)
    ]


def _rests_on(finding: Finding, sure: set[int], maybe: set[int]) -> bool:
    sentences = {sentence for sentence, _ in finding.flags} | set(finding.corroborated)
    if finding.contradiction is not None:
        return bool(set(finding.contradiction.sentences) & maybe)
    return bool(sentences & sure)
