"""Cutting an article's long sentence to a point's length at the end of a whole clause.

A point may be shorter than its sentence, never broken: it ends where a clause ends (a
semicolon, a dash, a comma or a conjunction that opens the next clause), outside any quotation,
and what it keeps holds a finite verb, so "In a statement on Monday by the ministry…" (no
verb) is no point. A sentence with no such place within the bound gives no point at all.
"""

import re

from schemas.llm import POINT_MAX_CHARS
from service.evidence.attribution.quotes import inside_quote_after
from service.evidence.wordnet import wordnet

_CLAUSE_END = re.compile(
    r"(?:[;:,]|\s[—–-])\s+"
    r"|\s+(?=(?:and|but|while|whereas|although|though|which|who|after|as|before|because)\s)"
)
ELLIPSIS = "…"
_AUXILIARIES = frozenset(
    {
        *("is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would"),
        *("can", "could", "may", "might", "must", "shall", "should", "did", "does", "do"),
        *("says", "said"),
    }
)
_WORD = re.compile(r"[a-z]+")


def clause_cut(text: str, limit: int = POINT_MAX_CHARS, starts_inside: bool = False) -> str | None:
    """`text` if it fits in `limit` characters, else its longest run of whole clauses that
    does, marked with an ellipsis; None when no clause ends early enough outside a quote."""
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    ends = [m.start() for m in _CLAUSE_END.finditer(text, 0, room + 1) if m.start() >= room // 3]
    for end in sorted(ends, reverse=True):
        kept = text[:end].rstrip(" ,;:—–-")
        if not inside_quote_after(kept, starts_inside) and has_finite_verb(kept):
            return kept + ELLIPSIS
    return None


def has_finite_verb(text: str) -> bool:
    """Whether `text` holds a verb that can head a clause: an auxiliary, a past form of a verb
    ("voted", "fled"), or a present one of a word whose commonest sense is a verb ("opens")."""
    net = wordnet()
    for word in _WORD.findall(text.lower()):
        if word in _AUXILIARIES:
            return True
        if len(word) <= 3 or not (word.endswith(("ed", "s")) or word in net.inflections):
            continue
        kinds = net.kinds(word)
        verbal = [k for k in kinds if k.startswith("verb.")]
        if verbal and (not word.endswith("s") or kinds[0].startswith("verb.")):
            return True
    return False
