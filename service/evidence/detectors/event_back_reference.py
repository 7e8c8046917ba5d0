"""A back-reference to "the attack" dated outside the window first given for it."""

import re
from collections.abc import Iterable, Sequence

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, TimeMention
from service.evidence.occasions import other_occasion
from service.text import Document

_ATTACK_EVENT = re.compile(
    r"\b(?:attacks?|strikes?|explosions?|detonations?|blasts?|shelling|bombing|drones?|"
    r"assault|incident)\b",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(
    r"\b(?:the|this|that) (?:attack|strike|explosions?|detonations?|blasts?|shelling|bombing|"
    r"assault|incident)(?:’s|'s)?\b",
    re.IGNORECASE,
)


def _back_references(document: Document, times: Sequence[TimeMention]) -> list[Finding]:
    """A back-reference to "the attack" dated outside the window first given for it."""
    event_times = [t for t in times if _ATTACK_EVENT.search(document.sentences[t.sentence].text)]
    findings = []
    for later in event_times:
        text = document.sentences[later.sentence].text
        if not _REFERS_BACK.search(text) or other_occasion(text):
            continue
        first = next((t for t in event_times if t.sentence < later.sentence), None)
        if first is None:
            continue
        if later.last_hour <= first.first_hour or first.last_hour <= later.first_hour:
            findings.append(_temporal(first, later))
    return findings


def _temporal(first: TimeMention, later: TimeMention) -> Finding:
    explanation = (
        f"The article dates the same event to the {first.label} and to the {later.label}; "
        "the two times do not overlap."
    )
    spans = {first.sentence: (first.start, first.end), later.sentence: (later.start, later.end)}
    return Finding.between("temporal", spans, explanation, 0.75)


class EventBackReference:
    name = "event_back_reference"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        return _back_references(ctx.document, ctx.times)
