"""Loaded-language lexicon and framing rules: data files editors extend, compiled once."""

import re
from dataclasses import dataclass
from functools import lru_cache

from service.resources import read_seed_text


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    term: str
    category: str
    suggestion: str | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: dict[str, LexiconEntry]
    pattern: re.Pattern[str]


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


def parse_lexicon(source: str) -> Lexicon:
    entries: dict[str, LexiconEntry] = {}
    for term, category, suggestion in _rows(source):
        key = term.lower()
        entries[key] = LexiconEntry(key, category or "loaded", _suggestion(suggestion))
    # Longest first, so "sent shockwaves" wins over "shockwaves".
    alternatives = sorted(entries, key=len, reverse=True)
    body = "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in alternatives)
    return Lexicon(entries, re.compile(rf"\b(?:{body})\b", re.IGNORECASE))


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


@lru_cache(maxsize=1)
def loaded_language_lexicon() -> Lexicon:
    return parse_lexicon(read_seed_text("lexicons/loaded_language.tsv"))


@lru_cache(maxsize=1)
def framing_rules() -> tuple[FramingRule, ...]:
    return tuple(parse_framing(read_seed_text("lexicons/framing.tsv")))


@lru_cache(maxsize=1)
def _framing_pattern() -> re.Pattern[str]:
    """All framing rules in one alternation (one scan per sentence); group `r<i>` is rule i."""
    body = "|".join(f"(?P<r{i}>{rule.pattern.pattern})" for i, rule in enumerate(framing_rules()))
    return re.compile(body, re.IGNORECASE)


_WORDS = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _anchor_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words whose presence makes a lexicon term or framing rule possible at all.

    Python's regex engine scans a long case-insensitive alternation slowly, so a sentence is
    first checked with a set lookup; most sentences then skip both patterns.
    """
    lexicon = frozenset(term.split()[0] for term in loaded_language_lexicon().entries)
    framing = frozenset(
        word
        for rule in framing_rules()
        for word in _WORDS.findall(rule.pattern.pattern)
        if len(word) >= 4
    )
    return lexicon, framing


def loaded_spans(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, category, suggestion) of every loaded term or framing in `text`, no overlaps.

    Longer spans win, so "sent shockwaves" is one finding, not two.
    """
    words = set(_WORDS.findall(text.lower()))
    lexicon_anchors, framing_anchors = _anchor_words()
    found = []
    if words & lexicon_anchors:
        lexicon = loaded_language_lexicon()
        for match in lexicon.pattern.finditer(text):
            entry = lexicon.entries[" ".join(match.group(0).lower().split())]
            found.append((match.start(), match.end(), entry.category, entry.suggestion))
    rules = framing_rules()
    matches = _framing_pattern().finditer(text) if words & framing_anchors else iter(())
    for match in matches:
        rule = rules[int((match.lastgroup or "r0")[1:])]
        found.append((match.start(), match.end(), rule.category, rule.suggestion))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, str, str | None]] = []
    for candidate in found:
        if all(candidate[1] <= k[0] or k[1] <= candidate[0] for k in kept):
            kept.append(candidate)
    return sorted(kept)
