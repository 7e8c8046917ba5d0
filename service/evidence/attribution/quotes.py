"""Quoted words and check-worthiness: what the attribution rules must not read as a speaker."""

import re

from service.evidence.attribution.tokens import sentence_words
from service.evidence.prefilter import (
    FoldedPattern,
    has_digit,
    lowered,
    mentions_any,
    required_keywords,
    sentence_memo,
)
from service.evidence.quantities import DATE_OR_TIME

QUOTE_OPENERS = '‘“"'
# Curly and straight quotes, and the doubled apostrophes some wires use (''like this'').
# A single straight quote opens only where no letter precedes it ("Club's" is no quote): the
# lookbehind stands after the mark ('(?<!\w')), so that every alternative starts with a quote mark
# and the engine skips to the next one instead of trying each alternative at every character.
_QUOTE_SPAN = re.compile(
    r"''(?:[^']|'(?!'))*''|[‘“\"](?:[^’”\"]|’(?=\w))*[’”\"]|'(?<!\w')(?!')[^']*'(?!\w)"
)
_QUOTE_MARK = re.compile(r"''|[“”‘’\"]")
_MARK_STRINGS = ("''", "“", "”", "‘", "’", '"')  # what `_QUOTE_MARK` matches

CHECKWORTHY = FoldedPattern(
    re.compile(
        r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds|thousands|"
        r"killed|dead|died|injur(?:ed|y|ies)|wounded|struck|destroyed|damaged|attacked|"
        r"shelling|occupied|captured|reclaimed|liberated|retaken|seized|targeted|severed|"
        r"coordinated|lost power|evacuated|detained|arrested|fired|launched|intercepted)\b",
        re.IGNORECASE,
    )
)
# Whole words CHECKWORTHY can match (its alternatives spelled out): listing a sentence's words
# is cheaper than scanning it with the long alternation, which most sentences cannot match.
_CHECKWORTHY_WORDS = frozenset(
    [
        *("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("dozen", "dozens", "hundreds", "thousands", "killed", "dead", "died", "injured"),
        *("injury", "injuries", "wounded", "struck", "destroyed", "damaged", "attacked"),
        *("shelling", "occupied", "captured", "reclaimed", "liberated", "retaken", "seized"),
        *("targeted", "severed", "coordinated", "lost", "evacuated", "detained", "arrested"),
        *("fired", "launched", "intercepted"),
    ]
)
_DIGIT = re.compile(r"\d")
# Tested against the masked text as written, not lowered: DATE_OR_TIME is case-sensitive, so
# `required_keywords` keeps its literals' case. ("",): no guard.
_DATE_OR_TIME_KEYWORDS = required_keywords(DATE_OR_TIME) or ("",)


@sentence_memo()
def mask_quotes(text: str) -> str:
    """The text with quoted words blanked (same length), keeping the quote marks.

    Memoized: attribution, the prose gate and several detectors mask the same sentence."""
    if text.count("'") < 2 and not mentions_any(text, QUOTE_OPENERS):
        return text  # a quote needs an opening mark or two straight apostrophes
    return _QUOTE_SPAN.sub(
        lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text
    )


@sentence_memo()
def checkworthy(text: str) -> re.Match[str] | None:
    """The first word that makes a sentence checkable, leaving out quotes, dates and times.

    Memoized: attribution and the unattributed-assertion signal both ask about each sentence.
    """
    masked = mask_quotes(text)
    # dates and times all have digits, and a month's name or a colon
    if has_digit(masked) and mentions_any(masked, _DATE_OR_TIME_KEYWORDS):
        masked = DATE_OR_TIME.sub(lambda m: " " * len(m.group(0)), masked)
    lowered_text = lowered(masked)
    if _CHECKWORTHY_WORDS.isdisjoint(sentence_words(lowered_text)):
        return _DIGIT.search(masked)  # what CHECKWORTHY finds when none of its words occurs
    return CHECKWORTHY.search(masked, lowered_text)


def _marks(text: str) -> list[re.Match[str]]:
    """Quote marks, leaving out apostrophes: a curly one followed by a letter ("Trump’s")."""
    return [
        m
        for m in _QUOTE_MARK.finditer(text)
        if not (m.group(0) == "’" and text[m.end() : m.end() + 1].isalpha())
    ]


@sentence_memo(maxsize=8192)
def inside_quote_after(text: str, inside: bool) -> bool:
    """Whether a quote is still open at the end of `text`, given whether one was at its start.
    An opening mark right after a word or a comma ('unusual,“ said') is a closing one typed
    the wrong way round."""
    if not mentions_any(text, _MARK_STRINGS):
        return inside  # no quote mark: a cheap test, at which over half the sentences stop
    for mark in _marks(text):
        char = mark.group(0)
        if char in "“‘" and inside and mark.start() > 0 and not text[mark.start() - 1].isspace():
            inside = False
        elif char in "“‘":
            inside = True
        elif char in "”’":
            inside = False
        else:
            inside = not inside  # a straight mark opens or closes by turn
    return inside


@sentence_memo()
def mask_open_quote(text: str) -> str:
    """Mask a sentence that starts inside a quote opened before it, up to the closing mark.

    Memoized: attribution, the prose gate and the speaker check mask the same sentence."""
    marks = _marks(text)
    if not marks:
        return " " * len(text)
    first = marks[0]
    if first.group(0) in "“‘":  # a new quote opens: the old one closed unmarked
        return text[: first.start()] + mask_quotes(text[first.start() :])
    opener = {"”": "“", "’": "‘"}.get(first.group(0), first.group(0))
    return mask_quotes(opener + text)[len(opener) :]


def opens_with_quote(text: str) -> bool:
    return text[:1] in QUOTE_OPENERS or text.startswith("''")


def mask_unclosed_quote(text: str) -> str:
    """Mask what follows the quote mark a sentence opens and does not close ("''All the world
    felt my pain."): the quoted words go on into the next sentence."""
    marks = _marks(text)
    if not marks:
        return text
    last = marks[-1].end()
    return text[:last] + " " * (len(text) - last)
