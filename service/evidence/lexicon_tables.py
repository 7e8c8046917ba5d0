"""The loaded-language tables: the curated and VADER tiers, the words excluded from them, the
intensifiers and the framing rules, parsed from `seeds/lexicons/` once per process.

How they are matched against a text is `lexicon.py`'s job.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from service.evidence.prefilter import lowered
from service.resources import read_seed_text

Tier = Literal["curated", "vader"]
Words = tuple[str, ...]
_TOKEN = re.compile(r"[a-z]+")  # on the lowered text; the lexicon is English


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    term: str
    category: str
    suggestion: str | None
    tier: Tier = "curated"
    valence: float = 0.0
    """VADER's mean valence (-4 to +4) for the VADER tier; 0 for curated terms."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: dict[str, LexiconEntry]
    """Every matchable form (inflections included), words joined by one space."""
    by_first_word: dict[str, tuple[tuple[Words, LexiconEntry], ...]]
    """Candidates for a token, by the token: longest first, curated before VADER."""


@dataclass(frozen=True, slots=True)
class FramingRule:
    pattern: re.Pattern[str]
    category: str
    suggestion: str | None


def _rows(source: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in source.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first, category, suggestion = ([*line.split("\t"), "", ""])[:3]
        rows.append((first.strip(), category.strip(), suggestion))
    return rows


def _words(term: str) -> Words:
    """A term's words: a hyphen and a space are the same ("cover-up", "cover up")."""
    return tuple(_TOKEN.findall(lowered(term)))


# Inflections --------------------------------------------------------------------------------
#
# Editors list base forms; regular English inflection is generated once at load. Forms that
# are not words ("brutaled") are harmless: they never occur in text.


def inflections(word: str) -> set[str]:
    """`word` with its regular plural, verb and adverb forms."""
    forms = {word, word + "s", word + "ed", word + "ing", word + "ly"}
    if word.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(word + "es")
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word[:-1] + "ily"}
    if word.endswith("le"):
        forms.add(word[:-1] + "y")  # "horrible" -> "horribly"
    if word.endswith("ic"):
        forms.add(word + "ally")  # "barbaric" -> "barbarically"
    if re.fullmatch(r".*[^aeiou][aeiou][bdgklmnprt]", word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # "slam" -> "slammed"
    return forms


def _variants(words: Words) -> set[Words]:
    """A term's inflected variants: its first word inflected, or its last ("witch hunts")."""
    head = {(form, *words[1:]) for form in inflections(words[0])}
    if len(words) == 1:
        return head
    return head | {(*words[:-1], form) for form in inflections(words[-1])}


# Parsing ------------------------------------------------------------------------------------


def parse_lexicon(
    curated: str,
    vader: str = "",
    common: Iterable[str] = (),
    plain: Iterable[str] = (),
    intensifying: Iterable[str] = (),
) -> Lexicon:
    """The curated TSV, plus the VADER table less the common and plain words; an intensifier
    ("desperately", and "incredibly" generated from "incredible") is never a term alone."""
    entries: dict[Words, LexiconEntry] = {}
    for term, valence, _ in _rows(vader):
        entries[_words(term)] = LexiconEntry(term, "emotive", None, "vader", float(valence))
    for words in _excluded(common, plain):
        entry = entries.get(words)
        if entry is not None and entry.tier == "vader":
            del entries[words]
    for term, category, suggestion in _rows(curated):
        entry = LexiconEntry(term.lower(), category or "loaded", _suggestion(suggestion))
        exact = _words(term)
        for variant in _variants(exact):
            existing = entries.get(variant)
            if variant == exact or existing is None or existing.tier == "vader":
                entries[variant] = entry
    for word in intensifying:
        entries.pop((word,), None)
    return _indexed(entries)


def _excluded(common: Iterable[str], plain: Iterable[str]) -> set[Words]:
    excluded = {_words(word) for word in common}
    for word in plain:
        excluded |= _variants(_words(word))
    return excluded


def _indexed(entries: dict[Words, LexiconEntry]) -> Lexicon:
    by_first: dict[str, list[tuple[Words, LexiconEntry]]] = {}
    for words, entry in entries.items():
        if words:
            by_first.setdefault(words[0], []).append((words, entry))
    ordered = {
        first: tuple(sorted(found, key=lambda c: (-len(c[0]), c[1].tier != "curated")))
        for first, found in by_first.items()
    }
    return Lexicon({" ".join(words): e for words, e in entries.items()}, ordered)


def parse_framing(source: str) -> list[FramingRule]:
    return [
        FramingRule(
            re.compile(rf"\b{pattern}\b", re.IGNORECASE),
            category or "framing",
            _suggestion(suggestion),
        )
        for pattern, category, suggestion in _rows(source)
    ]


def _suggestion(raw: str) -> str | None:
    value = raw.strip()
    return None if value in ("", "-") else value


def _word_list(source: str) -> list[str]:
    return [row[0].lower() for row in _rows(source)]


@lru_cache(maxsize=1)
def loaded_language_lexicon() -> Lexicon:
    return parse_lexicon(
        read_seed_text("lexicons/loaded_language.tsv"),
        read_seed_text("lexicons/emotive_vader.tsv"),
        _word_list(read_seed_text("lexicons/news_common_words.tsv")),
        _word_list(read_seed_text("lexicons/news_plain_terms.tsv")),
        intensifiers(),
    )


@lru_cache(maxsize=1)
def intensifiers() -> frozenset[str]:
    return frozenset(_word_list(read_seed_text("lexicons/loaded_intensifiers.tsv")))


@lru_cache(maxsize=1)
def framing_rules() -> tuple[FramingRule, ...]:
    return tuple(parse_framing(read_seed_text("lexicons/framing.tsv")))
