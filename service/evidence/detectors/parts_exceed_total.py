""" "240 patients ... Of those, 130 received the drug and 130 a placebo": parts over the total."""

import re
from collections.abc import Iterable, Sequence

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, Quantity
from service.text import Document

_PARTS_OF = re.compile(
    r"^(?:Of (?:those|them|these|the [a-z]+)|Of the \d[\d,]*)\b(?:\s+\d[\d,]*(?:\s+[a-z]+)?)?"
)


def _parts_exceed_total(document: Document, quantities: Sequence[Quantity]) -> list[Finding]:
    """ "240 patients ... Of those, 130 received the drug and 130 a placebo": parts over total."""
    findings = []
    for sentence in document.sentences[1:]:
        opening = _PARTS_OF.match(sentence.text)
        if opening is None:
            continue
        # "Of those 232, 180 were ...": the opening restates the total, it is not a part
        parts_from = sentence.start + opening.end()
        parts = [q for q in quantities if q.sentence == sentence.index and q.start >= parts_from]
        totals = [q for q in quantities if q.sentence == sentence.index - 1 and q.referent]
        if len(parts) < 2 or not totals:
            continue
        total = max(totals, key=lambda q: q.value)
        if sum(q.low for q in parts) > total.high:
            explanation = (
                f"The parts ({' + '.join(f'{q.value:g}' for q in parts)}) add up to more than "
                f"the {total.value:g} {total.referent} they divide."
            )
            spans = {
                total.sentence: (total.start, total.end),
                sentence.index: (parts[0].start, parts[-1].end),
            }
            findings.append(Finding.between("numeric", spans, explanation, 0.7))
    return findings


class PartsExceedTotal:
    name = "parts_exceed_total"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        return _parts_exceed_total(ctx.document, ctx.quantities)
