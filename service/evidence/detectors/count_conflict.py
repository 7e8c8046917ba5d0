"""The same count given two values: "14 people killed" ... "the 11 people killed"; police say
23 assaults were reported, the council puts the number of assaults at 19.

Only like is compared with like (`service.evidence.counts`): the same counted noun, the same
event, the same frame, no different time or place. Two sources giving different figures for
one count is the contradiction an editor most needs to see, so it is reported with both names.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from service.evidence.context import AnalysisContext
from service.evidence.counts import Count, counts, same_occasion, words_of
from service.evidence.model import Attribution, Finding, Quantity
from service.evidence.occasions import other_occasion
from service.text import Document

_APPROXIMATE_MARGIN = 0.1
"""Approximate figures ("about 20", "at least 19") are widened by this share before they are
said to disagree: a reporter's rounding is not a contradiction."""
_MOST_APART = 5.0
"""Two tellings of one count do not differ by more than this factor; figures further apart
("four died last year" ... "more than 11,300 died") count different scopes."""
_MOST_VALUES = 2
"""A count given more different values than this is many occasions (a list of raids, a
figure per town), not one count contradicted."""


def _count_conflicts(
    document: Document, attributions: Sequence[Attribution], quantities: Sequence[Quantity]
) -> list[Finding]:
    by_key: dict[tuple[str, str, str], list[Count]] = defaultdict(list)
    for count in counts(document, quantities):
        sentence = document.sentences[count.quantity.sentence].text
        if not other_occasion(_without_statement_time(sentence), periods=False):
            by_key[count.key].append(count)
    findings = []
    pairs: set[tuple[int, int]] = set()
    for group in by_key.values():
        if len({c.quantity.value for c in group}) > _MOST_VALUES:
            continue
        told: set[tuple[float, float]] = set()  # one disagreement, shown once however often told
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                pair = (first.quantity.sentence, second.quantity.sentence)
                values = (
                    min(first.quantity.value, second.quantity.value),
                    max(first.quantity.value, second.quantity.value),
                )
                if pair[0] == pair[1] or pair in pairs or values in told:
                    continue
                if not _disagree(first, second):
                    continue
                pairs.add(pair)
                told.add(values)
                findings.append(_numeric(document, attributions, first, second))
    return findings


_STATEMENT_TIME = re.compile(
    r"\b(?:earlier|later|since|again)\b,?(?=(?:\s+[\w'’.-]+){0,6}?\s+"
    r"(?:said|says|say|told|reported|revised|corrected|updated|gave|put|raised|lowered|"
    r"estimated|announced|stated|insisted|amended|adjusted)\b)",
    re.IGNORECASE,
)
"""'Police later revised the figure', 'earlier, the ministry had said': the time of a statement,
not of the event it counts; two statements at two moments about one event are a correction."""


def _without_statement_time(sentence: str) -> str:
    return _STATEMENT_TIME.sub(" ", sentence)


def _disagree(first: Count, second: Count) -> bool:
    if not same_occasion(first, second):
        return False
    one, two = sorted((first.quantity.value, second.quantity.value))
    if one <= 0 or two / one > _MOST_APART:
        return False
    (low1, high1), (low2, high2) = _interval(first), _interval(second)
    return high1 < low2 or high2 < low1


def _interval(count: Count) -> tuple[float, float]:
    if count.exact:
        return count.quantity.low, count.quantity.high
    margin = count.quantity.value * _APPROXIMATE_MARGIN
    return count.quantity.low - margin, count.quantity.high + margin


def _numeric(
    document: Document, attributions: Sequence[Attribution], first: Count, second: Count
) -> Finding:
    one, two = first.quantity, second.quantity
    what = _noun_phrase(first if first.quantity.referent else second)
    sources = [_source(document, attributions, q.sentence) for q in (one, two)]
    if _different_sources(sources[0], sources[1]):
        explanation = (
            f"Two sources disagree on the number of {what}: {one.value:g} according to "
            f"{sources[0]}, {two.value:g} according to {sources[1]}; both cannot be right."
        )
    elif sources[0] and sources[1]:
        explanation = (
            f"The article gives {one.value:g} and {two.value:g} as the number of {what}, both "
            f"from {sources[0]}: a correction or an update the article does not reconcile; "
            "both cannot be right for the same count."
        )
    elif sources[0] or sources[1]:
        said = [
            f"{v:g} ({f'according to {s}' if s else 'unattributed'})"
            for v, s in zip((one.value, two.value), sources, strict=True)
        ]
        explanation = (
            f"The article gives {said[0]} and {said[1]} as the number of {what}; both cannot "
            "be right for the same count."
        )
    else:
        explanation = (
            f"The article gives {one.value:g} and {two.value:g} as the number of {what}; "
            "both cannot be right for the same count."
        )
    spans = {one.sentence: (one.start, one.end), two.sentence: (two.start, two.end)}
    return Finding.between("numeric", spans, explanation, 0.7)


def _noun_phrase(count: Count) -> str:
    """ "assaults", "people killed", "workers injured"."""
    noun = count.noun_text if count.noun_text.endswith("s") else count.noun_text + "s"
    noun = "people" if count.noun == "person" else noun
    return f"{noun} {count.event}" if count.event else noun


def _different_sources(first: str | None, second: str | None) -> bool:
    """Both named and neither name inside the other ("governor" is the "regional governor")."""
    if not first or not second:
        return False
    one, two = _unthe(first), _unthe(second)
    return one not in two and two not in one


def _unthe(source: str) -> str:
    return re.sub(r"^the\s+", "", source.lower())


_GIVING_VERBS = [
    "put",
    "puts",
    "estimated",
    "estimates",
    "gave",
    "gives",
    "counted",
    "counts",
    "recorded",
    "records",
    "registered",
    "registers",
    "reported",
    "reports",
    "tallied",
    "logged",
    "listed",
    "said",
    "says",
]


@lru_cache(maxsize=1)
def _subject() -> re.Pattern[str]:
    """The subject of a verb of counting or of revising a figure ("the council put the number
    at 19", "the board later revised the number")."""
    verbs = sorted({*_GIVING_VERBS, *words_of("revision")}, key=len, reverse=True)
    return re.compile(
        r"(?:^|[,;]\s+)(?!according\b)"
        r"(?P<who>(?:[Tt]he\s+)?[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,3}?)\s+"
        rf"(?:(?:later|since|now|also|then)\s+)?(?:{'|'.join(verbs)})\b"
    )


def _source(document: Document, attributions: Sequence[Attribution], sentence: int) -> str | None:
    """Who gives the figure: the attribution's name or role, else the subject of a verb of
    counting ("the council put the number at 19")."""
    attribution = attributions[sentence]
    if attribution.kind != "unattributed" and (attribution.name or attribution.role):
        return attribution.name or attribution.role
    match = _subject().search(document.sentences[sentence].text)
    return re.sub(r"^The\b", "the", match.group("who")) if match is not None else None


class CountConflict:
    name = "count_conflict"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        return _count_conflicts(ctx.document, ctx.attributions, ctx.quantities)
