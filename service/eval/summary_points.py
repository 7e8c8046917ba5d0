"""What an editor would not pass on in a summary's points, counted for `deskcheck eval`.

- An **unattributed quote**: a point that quotes someone's words (`speaker.holds_speech`: a
  quoted run of several words, or a quote left open) and does not name who said them, in
  `attributed_to` and in its own text.
- A **contradicted figure without its source**: a point that repeats a figure of a sentence the
  report marks `contradicted` (a number inside one of that claim's contradiction flags) without
  naming who asserts it, or whose sentence has nobody to name.
"""

import re

from schemas.summarize import SummaryPoint
from schemas.verify import Claim, VerifyResponse
from service.evidence.flag_types import types_with
from service.summarize.speaker import holds_speech, names

_CONTRADICTING = types_with("contradicts")
_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?")
_SOURCED = frozenset({"named_source", "anonymous_source"})


def unattributed_quotes(points: list[SummaryPoint]) -> int:
    return sum(holds_speech(p.text) and not _names_attributed(p) for p in points)


def _names_attributed(point: SummaryPoint) -> bool:
    if not point.attributed_to:
        return False
    return any(names(point.text, part) for part in point.attributed_to.split(", "))


def contradicted_figures_unsourced(points: list[SummaryPoint], report: VerifyResponse) -> int:
    """Points holding a contradicted claim's figure without that claim's source."""
    by_sentence = {c.sentence: c for c in report.claims if c.status == "contradicted"}
    count = 0
    for point in points:
        claims = [by_sentence[s.sentence] for s in point.sources if s.sentence in by_sentence]
        count += any(_repeats_figure(point.text, c) and not _names_source(point, c) for c in claims)
    return count


def _repeats_figure(text: str, claim: Claim) -> bool:
    figures = {
        figure
        for flag in claim.flags
        if flag.type in _CONTRADICTING
        for figure in _FIGURE.findall(flag.text)
    }
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", text) for f in figures)


def _names_source(point: SummaryPoint, claim: Claim) -> bool:
    who = claim.asserted_by
    if who.kind not in _SOURCED:
        return False
    words = [part for part in (who.name, who.role) if part]
    return any(names(point.text, part) for part in words) or (
        who.kind == "anonymous_source" and _names_attributed(point)
    )
