"""A check-worthy assertion (a casualty figure, an accusation, a cause) the outlet makes with
no source (rules in `seeds/lexicons/checkworthy.tsv`)."""

import re
from collections.abc import Iterator

from service.evidence.assertions import assertion_trigger
from service.evidence.attribution import mask_quotes
from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, Signal
from service.evidence.prefilter import lowered

_CLAUSE_STOP = re.compile(r"[,;:.—]")


class UnattributedAssertion:
    name = "unattributed_assertion"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        for sentence, attribution in zip(ctx.document.sentences, ctx.attributions, strict=True):
            if attribution.kind != "unattributed":
                continue
            masked = mask_quotes(sentence.text)
            trigger = assertion_trigger(masked, lowered(masked))
            if trigger is None:
                continue
            signal = Signal(
                "unattributed_assertion",
                sentence.start + trigger.start(),
                sentence.start + _clause_end(sentence.text, trigger.end()),
                "A checkable factual assertion with no source in the article.",
                "rule:attribution",
                0.6,
            )
            yield Finding.flag(sentence.index, signal)


def _clause_end(text: str, after: int) -> int:
    """Extend a trigger to the end of its clause so the editor sees the whole assertion."""
    stop = _CLAUSE_STOP.search(text, after)
    return stop.start() if stop else len(text.rstrip(".!?"))
