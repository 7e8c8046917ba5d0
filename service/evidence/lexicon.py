"""Loaded-language lexicon and framing rules: data files editors extend, compiled once."""

import re
from dataclasses import dataclass
from functools import lru_cache

from service.evidence.prefilter import FoldedPattern, lowered
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
    return Lexicon(entries, _terms_pattern(tuple(entries)))


def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive alternation of whole-word terms, longest first, so that
    "sent shockwaves" wins over "shockwaves"."""
    alternatives = sorted(terms, key=len, reverse=True)
    body = "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in alternatives)
    return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)


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


_WORDS = re.compile(r"[a-z]+")


# Python's regex engine scans a long case-insensitive alternation slowly, so each sentence is
# first checked with set lookups: a lexicon term is possible only if the sentence has its first
# word, a framing rule only if the sentence has one of the rule's literal words of four or more
# letters (framing.tsv promises every match contains one). The terms and rules still possible
# are then scanned together in one pattern, compiled once per distinct selection.


@lru_cache(maxsize=1)
def _term_anchors() -> tuple[tuple[str, str | None], ...]:
    """(term, its first word) for each lexicon term; None for a term with no a-z word."""
    anchors = []
    for term in loaded_language_lexicon().entries:
        words = _WORDS.findall(term)
        anchors.append((term, words[0] if words else None))
    return tuple(anchors)


@lru_cache(maxsize=1)
def _rule_anchors() -> tuple[frozenset[str], ...]:
    """For each framing rule, the words one of which every match of the rule contains."""
    return tuple(
        frozenset(word for word in _WORDS.findall(rule.pattern.pattern) if len(word) >= 4)
        for rule in framing_rules()
    )


@lru_cache(maxsize=1)
def _any_anchor() -> frozenset[str] | None:
    """Every word that selects a term or a rule (None if a term has no word to select it)."""
    firsts = [first for _, first in _term_anchors()]
    if None in firsts:
        return None
    return frozenset(str(first) for first in firsts).union(*_rule_anchors())


@lru_cache(maxsize=256)
def _framing_pattern(rule_ids: tuple[int, ...]) -> FoldedPattern:
    """The given framing rules in one alternation (one scan per sentence); group `r<i>` is rule
    i."""
    rules = framing_rules()
    body = "|".join(f"(?P<r{i}>{rules[i].pattern.pattern})" for i in rule_ids)
    return FoldedPattern(re.compile(body, re.IGNORECASE))


@lru_cache(maxsize=256)
def _lexicon_pattern(terms: tuple[str, ...]) -> FoldedPattern:
    return FoldedPattern(_terms_pattern(terms))


def loaded_spans(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, category, suggestion) of every loaded term or framing in `text`, no overlaps.

    Longer spans win, so "sent shockwaves" is one finding, not two.
    """
    words = set(_WORDS.findall(text.lower()))
    anchors = _any_anchor()
    if anchors is not None and anchors.isdisjoint(words):
        return []  # most sentences: no term or rule can match
    lowered_text = lowered(text)
    found = []
    terms = tuple(term for term, first in _term_anchors() if first is None or first in words)
    if terms:
        entries = loaded_language_lexicon().entries
        for match in _lexicon_pattern(terms).finditer(text, lowered_text):
            entry = entries[" ".join(match.group(0).lower().split())]
            found.append((match.start(), match.end(), entry.category, entry.suggestion))
    rules = framing_rules()
    rule_ids = tuple(
        i for i, anchors in enumerate(_rule_anchors()) if not anchors.isdisjoint(words)
    )
    for match in _framing_pattern(rule_ids).finditer(text, lowered_text) if rule_ids else ():
        rule = rules[int((match.lastgroup or "r0")[1:])]
        found.append((match.start(), match.end(), rule.category, rule.suggestion))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, str, str | None]] = []
    for candidate in found:
        if all(candidate[1] <= k[0] or k[1] <= candidate[0] for k in kept):
            kept.append(candidate)
    return sorted(kept)
