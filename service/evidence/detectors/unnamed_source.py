"""A claim the attribution layer traced to an unnamed source ("a council source said")."""

from collections.abc import Iterator

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, Signal


class UnnamedSource:
    name = "unnamed_source"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        for sentence, attribution in zip(ctx.document.sentences, ctx.attributions, strict=True):
            if attribution.kind != "anonymous_source" or not attribution.role:
                continue
            at = sentence.text.find(attribution.role)
            start, end = (at, at + len(attribution.role)) if at >= 0 else (0, len(sentence.text))
            signal = Signal(
                "anonymous_source",
                sentence.start + start,
                sentence.start + end,
                f"Unnamed source ({attribution.role}); the editor cannot see who "
                "stands behind this.",
                "rule:attribution",
                0.9,
            )
            yield Finding.flag(sentence.index, signal)
