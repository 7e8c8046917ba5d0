"""Check-worthy assertions: what an editor wants sourced when the outlet says it unaided.

Not every sentence with a number is a claim to source: scores, schedules, ages and scene
description ("windows were shattered") are the outlet's own record. The rules in
`seeds/lexicons/checkworthy.tsv` pick out what is: casualty and damage figures, accusations,
causal and intent claims, trends and reactions.
"""

import re
from functools import lru_cache
from typing import Any

import ahocorasick

from service.evidence.prefilter import FoldedPattern, required_keywords
from service.evidence.quantities import WORD_NUMBERS
from service.resources import read_lexicon_rows

_NUM = rf"(?:\d[\d,.]*|(?:{'|'.join(WORD_NUMBERS)}|dozens|hundreds|thousands))"
_WORDS = re.compile(r"[a-z]{4,}")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, str], ...]:
    return tuple((category, pattern) for category, pattern in read_lexicon_rows("checkworthy.tsv"))


@lru_cache(maxsize=1)
def _compiled() -> tuple[FoldedPattern, frozenset[str]]:
    """One alternation of all rules, and the literal words one of which every match contains."""
    rules = _rules()
    body = "|".join(f"(?:{pattern.replace('NUM', _NUM)})" for _, pattern in rules)
    anchors = frozenset(w for _, p in rules for w in _WORDS.findall(_literal_text(p)))
    return FoldedPattern(re.compile(rf"\b(?:{body})", re.IGNORECASE)), anchors


@lru_cache(maxsize=1)
def _required() -> Any:
    """An automaton of the literals one of which every match of the rules contains.

    Few sentences hold one, and one pass of the automaton costs a fraction of the search."""
    keywords = required_keywords(_compiled()[0].pattern)
    if keywords is None:  # a rule with no literal word: no sentence can be ruled out
        return None
    automaton = ahocorasick.Automaton()
    for keyword in keywords:
        automaton.add_word(keyword, keyword)
    automaton.make_automaton()
    return automaton


def _literal_text(pattern: str) -> str:
    """The pattern's words with optional letters dropped: `cures?` anchors on "cure"."""
    return re.sub(r"[a-z]\?", "", pattern.replace("NUM", ""))


def assertion_trigger(masked: str, lowered_text: str) -> re.Match[str] | None:
    """The first check-worthy assertion in a sentence (quotes already masked), or None."""
    required = _required()
    if required is not None and next(required.iter(lowered_text), None) is None:
        return None  # no rule can match (`required_keywords`)
    pattern, anchors = _compiled()
    # The folded search is fast enough to go first; the anchor words, checked only when it
    # matches, still decide as before (a rule's optional words count as anchors too).
    match = pattern.search(masked, lowered_text)
    if match is None or not any(map(lowered_text.__contains__, anchors)):
        return None
    return match
