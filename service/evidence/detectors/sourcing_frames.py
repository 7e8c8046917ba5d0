"""Sourcing frames an editor must see, found by the grammar in `service.evidence.sourcing`:
verification denied or absent, a party that did not dispute or answer, appearance, allegation,
unnamed collectives. A claim the article says is unverified is flagged even when its source
is named: the flag, not the source, decides its status."""

from collections.abc import Iterator
from functools import lru_cache

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, Signal
from service.evidence.prefilter import FoldedPattern, lowered, required_keywords
from service.evidence.sourcing import Frame, frames


class SourcingFrames:
    name = "sourcing_frames"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        candidates: dict[int, list[Frame]] = {}
        for frame in frames():  # in order: a sentence's flags come frame by frame
            for index in _sentences_for(ctx, frame):
                candidates.setdefault(index, []).append(frame)
        for index in sorted(candidates):
            sentence = ctx.document.sentences[index]
            folded_text = lowered(sentence.text)
            for frame in candidates[index]:
                for match in _folded(frame).finditer(sentence.text, folded_text):
                    start = sentence.start + match.start()
                    rule = (
                        "rule:attribution"
                        if frame.flag_type == "anonymous_source"
                        else "rule:epistemic"
                    )
                    signal = Signal(
                        frame.flag_type,
                        start,
                        start + len(match.group(0)),
                        frame.detail,
                        rule,
                        frame.confidence,
                    )
                    yield Finding.flag(sentence.index, signal)


def _sentences_for(ctx: AnalysisContext, frame: Frame) -> list[int]:
    """The sentences that hold one of the frame's anchors, one of the words its pattern
    requires (`required_keywords`: "verified", not only the stem "verif") and, if negated, a
    negation."""
    candidates = ctx.keywords.having(frame.anchors)
    for keywords in (_required(frame), frame.negations):
        if candidates and keywords:
            holding = set(ctx.keywords.having(keywords))
            candidates = [index for index in candidates if index in holding]
    return candidates


@lru_cache(maxsize=64)
def _folded(frame: Frame) -> FoldedPattern:
    """The frame's pattern scanned case-sensitively on the lowered text (`FoldedPattern`)."""
    return FoldedPattern(frame.pattern)


@lru_cache(maxsize=64)
def _required(frame: Frame) -> tuple[str, ...]:
    return required_keywords(frame.pattern) or ()
