"""Quoted words and check-worthiness: what the attribution rules must not read as a speaker."""

import re
from functools import lru_cache

from service.evidence.prefilter import FoldedPattern, has_digit, lowered, mentions_any
from service.evidence.quantities import DATE_OR_TIME

QUOTE_OPENERS = "‘“\""
_QUOTE_SPAN = re.compile(r"[‘“\"](?:[^’”\"]|’(?=\w))*[’”\"]|'[^']*'(?!\w)")

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
_WORDS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def mask_quotes(text: str) -> str:
    """The text with quoted words blanked (same length), keeping the quote marks."""
    if text.count("'") < 2 and not mentions_any(text, QUOTE_OPENERS):
        return text  # a quote needs an opening mark or two straight apostrophes
    return _QUOTE_SPAN.sub(
        lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text
    )


@lru_cache(maxsize=4096)
def checkworthy(text: str) -> re.Match[str] | None:
    """The first word that makes a sentence checkable, leaving out quotes, dates and times.

    Memoized: attribution and the unattributed-assertion signal both ask about each sentence.
    """
    masked = mask_quotes(text)
    if has_digit(masked):  # dates and times all have digits
        masked = DATE_OR_TIME.sub(lambda m: " " * len(m.group(0)), masked)
    lowered_text = lowered(masked)
    if _CHECKWORTHY_WORDS.isdisjoint(_WORDS.findall(lowered_text)):
        return _DIGIT.search(masked)  # what CHECKWORTHY finds when none of its words occurs
    return CHECKWORTHY.search(masked, lowered_text)


def quote_left_open(text: str) -> bool:
    """An opening quote mark with no closing one after it (an apostrophe is not a closer)."""
    if text.count('"') % 2 == 1:
        last = text.rfind('"')
        return last == 0 or text[last - 1].isspace()  # an opener stands after a space
    opened = max(text.rfind("‘"), text.rfind("“"))
    if opened < 0:
        return False
    closers = [i for i, c in enumerate(text) if c in "’”" and i > opened]
    return not any(i + 1 >= len(text) or not text[i + 1].isalpha() for i in closers)


def opens_with_quote(text: str) -> bool:
    return text[:1] in QUOTE_OPENERS


def closes_quote(text: str) -> bool:
    """Whether the first quote mark of the sentence closes a quote opened before it."""
    for index, char in enumerate(text):
        if char in "“‘":
            return False
        if char == "”" or (char == "’" and not text[index + 1 : index + 2].isalpha()):
            return True
        if char == '"':
            return index > 0 and not text[index - 1].isspace()
    return False
