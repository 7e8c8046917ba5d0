"""Cutting an article's long sentence to a point's length at the end of a whole clause.

A point may be shorter than its sentence, never broken: it ends where a clause ends (a
semicolon, a dash, a comma or a conjunction that opens the next clause), outside any quotation,
and what it keeps holds a finite verb, so "In a statement on Monday by the ministry…" (no
verb) is no point. A sentence with no such place within the bound gives no point at all.
"""

import re
import string
from functools import cache

from schemas.llm import POINT_MAX_CHARS
from service.evidence.attribution.quotes import inside_quote_after
from service.evidence.wordnet import wordnet
from service.resources import read_lexicon_rows

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


def whole_clause(text: str, opens_paragraph: bool = False) -> bool:
    """Whether `text` reads as a whole clause: it opens as a sentence does (not in lower case,
    as a fragment split off mid-sentence does, unless it opens its paragraph: some copy is all
    lower case) and does not stop on a word no sentence ends on
    ("the", "of", "and": also what a dropped loaded word can leave) or on a title that stands
    before a name ("Dr."). (A finite verb is asked of a cut only: `has_finite_verb` misses
    verbs whose past is their base form, "hit", "set".)"""
    opening = text.lstrip("\"'“‘([")[:1]
    if not opening or (opening.islower() and not opens_paragraph):
        return False
    last = _last_word(text.rstrip("…"))
    if last is not None:
        word = last.lower()
        unfinished, titles = _stops()
        unfinished -= _STRANDED
        if word.rstrip(".") in unfinished or (word.endswith(".") and word[:-1] in titles):
            return False
    return True


def _last_word(text: str) -> str | None:
    r"""The word `text` ends on, with a period right after it ("Dr."), when only non-word
    characters follow: what `[A-Za-z]+\.?(?=\W*$)` finds, read back from the end instead of
    tried at every letter. None when the last word character is no ASCII letter."""
    end = len(text)
    while end and not _is_word_character(text[end - 1]):
        end -= 1
    start = end
    while start and text[start - 1] in _ASCII_LETTERS:
        start -= 1
    if start == end:
        return None
    period = "." if text[end : end + 1] == "." else ""
    return text[start:end] + period


def _is_word_character(character: str) -> bool:
    """What `\\w` matches."""
    return character.isalnum() or character == "_"


_ASCII_LETTERS = frozenset(string.ascii_letters)
_STRANDED = frozenset({"to", "for", "with", "from", "by", "into", "onto", "than"})
"""Prepositions a sentence may end on ("plenty to choose from")."""


@cache
def _stops() -> tuple[frozenset[str], frozenset[str]]:
    rows = {row[0]: frozenset(row[1].split()) for row in read_lexicon_rows("sentences.tsv")}
    return rows["unfinished"], rows["titles"]


def has_finite_verb(text: str) -> bool:
    """Whether `text` holds a verb that can head a clause: an auxiliary, a past form of a verb
    ("voted", "fled"), or a present one of a word whose commonest sense is a verb ("opens")."""
    net = wordnet()
    for word in _WORD.findall(text.lower()):
        if word in _AUXILIARIES:
            return True
        irregular = word in net.inflections
        if not irregular and (len(word) <= 3 or not word.endswith(("ed", "s"))):
            continue
        kinds = net.kinds(word)
        verbal = [k for k in kinds if k.startswith("verb.")]
        if verbal and (not word.endswith("s") or kinds[0].startswith("verb.")):
            return True
    return False
