"""Sourcing frames an editor must see, found by the grammar in `service.evidence.sourcing`:
verification denied or absent, a party that did not dispute or answer, appearance, allegation,
unnamed collectives. A claim the article says is unverified is flagged even when its source
is named: the flag, not the source, decides its status."""

from collections.abc import Iterator

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, Signal
from service.evidence.prefilter import lowered
from service.evidence.sourcing import frames


class SourcingFrames:
    name = "sourcing_frames"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        present = [f for f in frames() if f.may_match(ctx.lowered)]
        for sentence in ctx.document.sentences if present else ():
            text = lowered(sentence.text)
            for frame in (f for f in present if f.may_match(text)):
                for match in frame.pattern.finditer(sentence.text):
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
