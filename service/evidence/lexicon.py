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
        first, category, suggestion = (line.split("\t") + ["", ""])[:3]
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
        FramingRule(re.compile(rf"\b{pattern}\b", re.IGNORECASE), category or "framing",
                    _suggestion(suggestion))
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


def loaded_spans(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, category, suggestion) of every loaded term or framing in `text`, no overlaps.

    Longer spans win, so "sent shockwaves" is one finding, not two.
    """
    lexicon = loaded_language_lexicon()
    found = []
    for match in lexicon.pattern.finditer(text):
        entry = lexicon.entries[" ".join(match.group(0).lower().split())]
        found.append((match.start(), match.end(), entry.category, entry.suggestion))
    for rule in framing_rules():
        for match in rule.pattern.finditer(text):
            found.append((match.start(), match.end(), rule.category, rule.suggestion))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, str, str | None]] = []
    for candidate in found:
        if all(candidate[1] <= k[0] or k[1] <= candidate[0] for k in kept):
            kept.append(candidate)
    return sorted(kept)
