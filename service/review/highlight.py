"""The article as HTML with every flagged span marked: sliced at span offsets, each piece escaped.

Spans may overlap or nest; the text is cut at every span boundary, and each piece is wrapped in
one <mark> carrying the classes and flag ids of every span covering it. Marks carry no hover
tooltip (phones cannot show one): a tap selects the flag, whose entry explains it.
"""

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from schemas.review import ItemView
from service.evidence.flag_types import SPECS


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    anchor: str
    flag_id: int | None = None


def highlight(text: str, marks: list[Mark]) -> Markup:
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    bounds = sorted({0, len(text)} | {m.start for m in valid} | {m.end for m in valid})
    return Markup("").join(_piece(text, a, b, valid) for a, b in pairwise(bounds))


def _piece(text: str, start: int, end: int, marks: list[Mark]) -> Markup:
    covering = [m for m in marks if m.start <= start and end <= m.end]
    if not covering:
        return escape(text[start:end])
    anchors = Markup("").join(
        Markup('<span id="{}" class="anchor"></span>').format(m.anchor)
        for m in covering
        if m.start == start
    )
    return anchors + Markup('<mark class="{}" data-flags="{}">{}</mark>').format(
        " ".join(sorted({css for m in covering for css in m.css.split()})),
        " ".join(str(m.flag_id) for m in covering if m.flag_id is not None),
        text[start:end],
    )


def item_marks(item: ItemView) -> list[Mark]:
    """A mark per flag (by type and family), and one per claim a contradiction names."""
    claims = {c.id: c for c in item.verify.claims} if item.verify else {}
    marks = [
        Mark(f.start, f.end, f"flag t-{f.type} f-{SPECS[f.type].family}", f"span-{f.id}", f.id)
        for f in item.flags
    ]
    named = {c for x in (item.verify.contradictions if item.verify else []) for c in x.claims}
    for claim_id in sorted(named):
        claim = claims.get(claim_id)
        if claim is not None:
            marks.append(Mark(claim.start, claim.end, "contra", f"claim-{claim.id}"))
    return marks
