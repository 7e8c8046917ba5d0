"""A claim the attribution layer traced to an unnamed source ("a council source said")."""

from collections.abc import Iterator

from service.evidence.context import AnalysisContext
from service.evidence.model import Attribution, Finding, Signal
from service.evidence.prefilter import lowered
from service.text import Sentence


class UnnamedSource:
    name = "unnamed_source"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        for sentence, attribution in zip(ctx.document.sentences, ctx.attributions, strict=True):
            if attribution.kind != "anonymous_source" or not attribution.role:
                continue
            start, end = _source_span(sentence, attribution)
            signal = Signal(
                "anonymous_source",
                start,
                end,
                f"Unnamed source ({attribution.role}); the editor cannot see who "
                "stands behind this.",
                "rule:attribution",
                0.9,
            )
            yield Finding.flag(sentence.index, signal)


def _source_span(sentence: Sentence, attribution: Attribution) -> tuple[int, int]:
    """The words naming the unnamed source when they stand in this sentence; else the
    impersonal phrase ("it is understood"); else, for a quote carried on from a sentence that
    named the source, the whole sentence."""
    start, end = attribution.source_start, attribution.source_end
    if start is not None and end is not None and sentence.start <= start < end <= sentence.end:
        return start, end
    at = lowered(sentence.text).find((attribution.role or "").lower())
    if attribution.role and at >= 0:
        return sentence.start + at, sentence.start + at + len(attribution.role)
    return sentence.start, sentence.end
