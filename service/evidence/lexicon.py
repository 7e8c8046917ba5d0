"""Loaded-language lexicon: a data file editors extend, compiled once into one regex."""

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


def parse_lexicon(source: str) -> Lexicon:
    entries: dict[str, LexiconEntry] = {}
    for line in source.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, category, suggestion = [*line.split("\t"), "", ""][:3]
        key = term.strip().lower()
        entries[key] = LexiconEntry(key, category.strip() or "loaded", _suggestion(suggestion))
    # Longest first, so "sent shockwaves" wins over "shockwaves".
    alternatives = sorted(entries, key=len, reverse=True)
    body = "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in alternatives)
    return Lexicon(entries, re.compile(rf"\b(?:{body})\b", re.IGNORECASE))


def _suggestion(raw: str) -> str | None:
    value = raw.strip()
    return None if value in ("", "-") else value


@lru_cache(maxsize=1)
def loaded_language_lexicon() -> Lexicon:
    return parse_lexicon(read_seed_text("lexicons/loaded_language.tsv"))
