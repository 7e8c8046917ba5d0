"""Whether a new claim is the same claim as one editors decided before.

The same claim, not a similar article: the two normalized sentences must be at least
`SIMILARITY` % alike (rapidfuzz's normalized Indel similarity), carry the same figures (digits and
number words), and every other word that differs must be an article or a spelling variant of a
word on the other side (`Zaporizhzhia` / `Zaporizhia`), not another word (`Monday` / `Tuesday`,
`killed` / `injured`, `did not` / `did`). Short sentences match only when equal: "He said no." is
not "She said no.".
"""

import re
import unicodedata
from collections.abc import Mapping

from rapidfuzz import fuzz, process

SIMILARITY = 90.0
"""Whole-sentence similarity, in %: a reworded clause or another clause added falls below it."""
VARIANT_SIMILARITY = 80.0
"""How alike a differing word must be to one on the other side to count as its spelling."""
MIN_WORDS = 4
"""Below this many words a sentence says too little to match on anything but equality."""
_MIN_VARIANT = 5
"""Shorter words are never spelling variants of each other (no / now, yes / yet)."""
_ARTICLES = frozenset({"a", "an", "the"})
_NUMBER_WORDS = frozenset(
    {
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("eleven", "twelve", "twenty", "thirty", "forty", "fifty", "half", "dozen", "dozens"),
        *("hundred", "hundreds", "thousand", "thousands", "million", "millions"),
        *("billion", "billions", "percent", "per", "cent"),
    }
)
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Case, compatibility forms and punctuation folded: the words alone, space-separated."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(folded))


def best_matches(normalized: str, known: Mapping[int, str], limit: int) -> list[tuple[int, float]]:
    """Keys of `known` (normalized texts) that are the same claim, most similar first."""
    if len(normalized.split()) < MIN_WORDS:
        return [(key, 100.0) for key, text in known.items() if text == normalized][:limit]
    found = process.extract(
        normalized, known, scorer=fuzz.ratio, score_cutoff=SIMILARITY, limit=None
    )
    same = [(key, round(score, 1)) for _, score, key in found if same_claim(normalized, known[key])]
    return same[:limit]


def same_claim(a: str, b: str) -> bool:
    """Both normalized: alike enough, same figures, and differing words only spelled apart."""
    left, right = a.split(), b.split()
    if min(len(left), len(right)) < MIN_WORDS:
        return a == b
    if fuzz.ratio(a, b) < SIMILARITY or _figures(left) != _figures(right):
        return False
    only_left, only_right = set(left) - set(right), set(right) - set(left)
    return _all_variants(only_left, only_right) and _all_variants(only_right, only_left)


def _figures(words: list[str]) -> list[str]:
    return sorted(w for w in words if w in _NUMBER_WORDS or any(c.isdigit() for c in w))


def _all_variants(words: set[str], others: set[str]) -> bool:
    return all(word in _ARTICLES or _has_variant(word, others) for word in words)


def _has_variant(word: str, others: set[str]) -> bool:
    return len(word) >= _MIN_VARIANT and any(
        len(other) >= _MIN_VARIANT and fuzz.ratio(word, other) >= VARIANT_SIMILARITY
        for other in others
    )
