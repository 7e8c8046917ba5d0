""" "rose 12 percent to $4.2 billion, from $4.5 billion": a stated change its figures deny."""

import re
from collections.abc import Iterable

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding
from service.evidence.numbers import figures
from service.evidence.prefilter import has_digit
from service.text import Document

_AMOUNT = r"[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion|bn|tn))?"
_CHANGE = re.compile(
    r"\b(?P<dir>rose|increased|grew|climbed|jumped|gained|fell|dropped|declined|decreased|"
    r"slipped|slid)(?:\s+(?:by\s+)?(?P<pct>\d+(?:\.\d+)?)\s*(?:percent|per cent|%))?"
    rf"\s+(?:to\s+(?P<to>{_AMOUNT}),?\s+from\s+(?P<from>{_AMOUNT})|"
    rf"from\s+(?P<from2>{_AMOUNT})\s+to\s+(?P<to2>{_AMOUNT}))"
)
_UP = frozenset(["rose", "increased", "grew", "climbed", "jumped", "gained"])


def _amount(text: str) -> float:
    found = figures(text)
    return found[0].value if found else 0.0


def _change_direction(document: Document) -> list[Finding]:
    """ "rose 12 percent to $4.2 billion, from $4.5 billion": a rise to a lower figure."""
    findings = []
    for sentence in document.sentences:
        if " from " not in sentence.text or not has_digit(sentence.text):
            continue
        for match in _CHANGE.finditer(sentence.text):
            new = _amount(match.group("to") or match.group("to2"))
            old = _amount(match.group("from") or match.group("from2"))
            if old <= 0:
                continue
            actual = (new - old) / old * 100
            up = match.group("dir") in _UP
            wrong = (up and new < old) or (not up and new > old)
            if match.group("pct") and not wrong:
                stated = float(match.group("pct"))
                wrong = abs(abs(actual) - stated) > 1 + 0.1 * stated
            if not wrong:
                continue
            explanation = (
                f"'{match.group('dir')}' from {old:,.4g} to {new:,.4g} is a change of "
                f"{actual:+.1f}%; the figures and the stated change cannot all be right."
            )
            span = (sentence.start + match.start(), sentence.start + match.end())
            findings.append(Finding.between("numeric", {sentence.index: span}, explanation, 0.75))
    return findings


class ChangeDirection:
    name = "change_direction"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        return _change_direction(ctx.document)
