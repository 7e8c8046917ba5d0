"""The same count given two values: "14 people killed" ... "the 11 people killed"."""

import re
from collections.abc import Iterable, Sequence

from service.evidence.context import AnalysisContext
from service.evidence.model import ContradictionEvidence, Finding, Quantity
from service.evidence.occasions import OTHER_OCCASION
from service.text import Document

_EVENT_COUNT_NOUNS = frozenset(
    [
        "killed",
        "dead",
        "deaths",
        "died",
        "injured",
        "wounded",
        "casualties",
        "detonations",
        "explosions",
        "blasts",
        "drones",
        "missiles",
        "rockets",
        "shells",
        "strikes",
        "attacks",
        "people",
        "civilians",
        "soldiers",
        "hostages",
    ]
)

_EVENT_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "deaths": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "evacuated": "evacuated",
    "arrested": "arrested",
    "detained": "arrested",
    "missing": "missing",
}
_UPDATED = re.compile(
    r"\b(?:toll|total|in all|so far|rose to|risen to|climbed to)\b", re.IGNORECASE
)


def _count_key(document: Document, quantity: Quantity) -> tuple[str | None, str | None]:
    """(counted noun, event) of a figure: "killed 14 people" and "the 11 people killed" are both
    (people, killed); "injured 32 workers" and "the 27 injured workers" (workers, injured)."""
    span = document.text[quantity.start : quantity.end].lower()
    words = re.findall(r"[a-z]+", span)[1 if span[:1].isalpha() else 0 :]
    before = re.findall(
        r"[a-z]+", document.text[max(0, quantity.start - 25) : quantity.start].lower()
    )[-2:]
    after = re.findall(r"[a-z]+", document.text[quantity.end : quantity.end + 12].lower())[:1]
    event = next((_EVENT_WORDS[w] for w in [*words, *before, *after] if w in _EVENT_WORDS), None)
    nouns = [w for w in words if w not in _EVENT_WORDS]
    return (nouns[-1] if nouns else None), event


def _count_conflicts(document: Document, quantities: Sequence[Quantity]) -> list[Finding]:
    findings = []
    keyed = []
    for quantity in quantities:
        noun, event = _count_key(document, quantity)
        if event is None and (noun is None or noun not in _EVENT_COUNT_NOUNS):
            continue
        if _UPDATED.search(document.sentences[quantity.sentence].text) or OTHER_OCCASION.search(
            document.sentences[quantity.sentence].text
        ):
            continue
        keyed.append(((noun, event), quantity))
    for index, (key, first) in enumerate(keyed):
        for other, second in keyed[index + 1 :]:
            disjoint = first.high < second.low or second.high < first.low
            if key == other and disjoint and first.sentence != second.sentence:
                findings.append(_numeric(first, second))
    return findings


def _numeric(first: Quantity, second: Quantity) -> Finding:
    explanation = (
        f"The article gives {first.value:g} and {second.value:g} {first.referent}; "
        "both cannot be right for the same count."
    )
    contradiction = ContradictionEvidence(
        "numeric", (first.sentence, second.sentence), explanation, "rule:consistency", 0.7
    )
    return Finding.contradicting(
        contradiction,
        {first.sentence: (first.start, first.end), second.sentence: (second.start, second.end)},
    )


class CountConflict:
    name = "count_conflict"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        return _count_conflicts(ctx.document, ctx.quantities)
