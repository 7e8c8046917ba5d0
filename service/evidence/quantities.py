"""Numbers, dates and times, with what they refer to."""

import re

from service.evidence.model import Quantity, TimeMention
from service.evidence.numbers import TENS, UNITS
from service.evidence.prefilter import FoldedPattern, has_digit, lowered, mentions_any
from service.text import Sentence

# The number words that start a count here (values from `numbers.py`): not "one", a pronoun as
# often as a number, nor the rarer teens and tens.
_COUNT_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
]
WORD_NUMBERS = {
    **{word: UNITS[word] for word in _COUNT_WORDS},
    **{word: TENS[word] for word in ("twenty", "thirty", "forty", "fifty")},
    "hundred": 100,
    "dozen": 12,
}
_TENS_VALUES = TENS
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORDS = "|".join(sorted({*WORD_NUMBERS, *_TENS_VALUES}, key=len, reverse=True))
"""Compounds ("forty-four") are one number, not "four" after a hyphen."""
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9}
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NAMES = tuple(m.capitalize() for m in _MONTHS)
_MONTH = "|".join(_MONTH_NAMES)

_QUANTITY = FoldedPattern(
    re.compile(
        r"(?P<qualifier>\b(?:at least|more than|over|up to|nearly|almost|about|around|some|"
        r"fewer than|less than|approximately|roughly)\s+)?"
        r"(?P<number>\b\d{1,3}(?:,\d{3})+(?:\.\d+)?|\b\d+(?:\.\d+)?(?![\d:])|"
        rf"\b(?:{_NUMBER_WORDS})(?:-(?:{_UNITS}))?\b)"
        r"(?:\s+(?P<scale>thousand|million|billion|bn)\b)?"
        r"(?P<tail>(?:\s+[a-z][a-z-]*){1,3})?",
        re.IGNORECASE,
    )
)
_REFERENT_STOP = frozenset(
    [
        "were",
        "was",
        "is",
        "are",
        "be",
        "been",
        "had",
        "has",
        "have",
        "in",
        "of",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "via",
        "with",
        "and",
        "or",
        "that",
        "which",
        "who",
        "the",
        "a",
        "an",
        "as",
        "than",
        "per",
        "into",
        "this",
        "those",
        "these",
        "its",
        "his",
        "her",
        "their",
        "our",
        "lost",
        "say",
        "said",
        "could",
        "would",
        "will",
    ]
)
_DATE = re.compile(
    r"(?:(?P<part>early hours|small hours|late hours|morning|afternoon|evening|night)\s+of\s+)?"
    rf"(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\b|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\b)"
)
DATE_OR_TIME = re.compile(rf"{_DATE.pattern}|\b\d{{1,2}}:\d{{2}}\b")
"""Every match has a digit: text without one (see `has_digit`) need not be searched."""
_MONTH_BEFORE = re.compile(
    rf"(?:{_MONTH}|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)\s+$"
)
_MONTH_AFTER = re.compile(rf"\s+(?:{_MONTH})")
_PART_HOURS = {
    None: (0, 24),
    "early hours": (0, 6),
    "small hours": (0, 6),
    "late hours": (20, 24),
    "morning": (5, 12),
    "afternoon": (12, 18),
    "evening": (17, 24),
    # "the night of December 4" runs into the early hours of December 5.
    "night": (18, 30),
}


def extract_quantities(sentence: Sentence) -> list[Quantity]:
    lowered_text = lowered(sentence.text)
    if not _may_have_number(sentence.text, lowered_text):
        return []
    found = []
    for match in _QUANTITY.finditer(sentence.text, lowered_text):
        if _is_date_or_time(sentence.text, match):
            continue
        value = _value(match.group("number"), match.group("scale"))
        low, high = _bounds(value, (match.group("qualifier") or "").strip().lower())
        low = min(low, _range_start(sentence.text[: match.start()], value))
        referent = _referent(match.group("tail") or "")
        end = match.end("scale") if match.group("scale") else match.end("number")
        if referent is not None:
            end = match.start("tail") + (match.group("tail") or "").find(referent) + len(referent)
        found.append(
            Quantity(
                sentence.index,
                sentence.start + match.start(),
                sentence.start + end,
                value,
                low,
                high,
                referent,
            )
        )
    return found


def _may_have_number(text: str, lowered_text: str) -> bool:
    """A cheap test that `_QUANTITY` cannot match: no digit and no number word."""
    return has_digit(text) or mentions_any(lowered_text, WORD_NUMBERS)


def _is_date_or_time(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start("number") - 12) : match.start("number")]
    after = text[match.end("number") : match.end("number") + 3]
    is_clock = after.startswith(":") or before.endswith(":")
    return (
        is_clock
        or bool(_MONTH_BEFORE.search(before))
        or bool(_MONTH_AFTER.match(text, match.end("number")))
    )


def _value(number: str, scale: str | None) -> float:
    word_number, _, unit = number.lower().partition("-")
    if word_number in _TENS_VALUES:
        units = _UNITS.split("|").index(unit) + 1 if unit else 0
        return float(_TENS_VALUES[word_number] + units)
    word = WORD_NUMBERS.get(number.lower())
    base = float(word) if word is not None else float(number.replace(",", ""))
    return base * _SCALES.get((scale or "").lower(), 1.0)


_RANGE_START = re.compile(
    r"(?:\b(?P<between>[Bb]etween)\s+)?\b(?P<first>\d[\d,]*(?:\.\d+)?)\s*(?P<sep>,|or|to|-|–|and)\s*$"
)


def _range_start(before: str, value: float) -> float:
    """The lower end of a range that ends with this figure ("40, 50 people", "40 to 50",
    "between 40 and 50"), or the figure itself."""
    match = _RANGE_START.search(before[-30:])
    if match is None or (match.group("sep") == "and" and not match.group("between")):
        return value
    first = float(match.group("first").replace(",", ""))
    return first if first < value <= first * 10 else value


def _bounds(value: float, qualifier: str) -> tuple[float, float]:
    if qualifier in ("at least", "more than", "over"):
        return value, float("inf")
    if qualifier in ("up to", "fewer than", "less than"):
        return 0.0, value
    if qualifier:
        return value * 0.85, value * 1.15
    return value, value


def _referent(tail: str) -> str | None:
    """The counted noun: the last word before a function word ("nine separate detonations")."""
    words: list[str] = []
    for word in tail.split():
        if word.lower() in _REFERENT_STOP:
            break
        words.append(word)
    return words[-1] if words else None


_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def extract_times(sentence: Sentence) -> list[TimeMention]:
    if not has_digit(sentence.text) or not mentions_any(sentence.text, _MONTH_NAMES):
        return []  # every date has a day number and a month name
    found = []
    for match in _DATE.finditer(sentence.text):
        month = (match.group("month") or match.group("month2")).lower()
        day = int(match.group("day") or match.group("day2"))
        if not 1 <= day <= _DAYS_IN_MONTH[_MONTHS.index(month)]:
            continue  # "June 45" is no date; a wrong date is not ours to date events by
        day_start = (_MONTHS.index(month) * 31 + day - 1) * 24
        first, last = _PART_HOURS[match.group("part")]
        found.append(
            TimeMention(
                sentence.index,
                sentence.start + match.start(),
                sentence.start + match.end(),
                match.group(0),
                day_start + first,
                day_start + last,
            )
        )
    return found
