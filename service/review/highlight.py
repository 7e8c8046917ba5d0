"""The article as HTML with every flagged span marked: sliced at span offsets, each piece escaped.

Spans may overlap or nest; the text is cut at every span boundary, and each piece is wrapped in
one <mark> carrying the classes and flag ids of every span covering it.
"""

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from schemas.review import ItemView
from schemas.verify import AssertedBy, Claim


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    anchor: str
    title: str
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
    return anchors + Markup('<mark class="{}" title="{}" data-flags="{}">{}</mark>').format(
        " ".join(sorted({css for m in covering for css in m.css.split()})),
        "\n".join(m.title for m in covering),
        " ".join(str(m.flag_id) for m in covering if m.flag_id is not None),
        text[start:end],
    )


def item_marks(item: ItemView) -> list[Mark]:
    """A mark per flag (by type), and one per claim a contradiction names (linked pairs)."""
    claims = {c.id: c for c in item.verify.claims} if item.verify else {}
    marks = [
        Mark(
            f.start,
            f.end,
            f"flag t-{f.type}",
            f"span-{f.id}",
            f"{f.type} · {f.detector} · {who_asserts(claims.get(f.claim_id))}: {f.detail}",
            f.id,
        )
        for f in item.flags
    ]
    for contradiction in item.verify.contradictions if item.verify else []:
        for claim_id in contradiction.claims:
            claim = claims.get(claim_id)
            if claim is not None:
                marks.append(
                    Mark(
                        claim.start,
                        claim.end,
                        "contra",
                        f"claim-{claim.id}",
                        f"{contradiction.type} contradiction: {contradiction.explanation}",
                    )
                )
    return marks


def who_asserts(claim: Claim | None) -> str:
    if claim is None:
        return "unknown source"
    return describe_source(claim.asserted_by)


def describe_source(who: AssertedBy) -> str:
    parts = [p for p in (who.name, who.role, who.affiliation) if p]
    label = (
        ", ".join(parts)
        or {
            "outlet": "the article's own voice",
            "unattributed": "no one (unattributed)",
            "anonymous_source": "an unnamed source",
            "named_source": "a named source",
        }[who.kind]
    )
    return f"{label} ({who.verb})" if who.verb else label
