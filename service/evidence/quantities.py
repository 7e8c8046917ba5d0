"""Numbers, dates and times, with what they refer to."""

import re
from functools import lru_cache

from service.evidence.model import Quantity, TimeMention
from service.evidence.numbers import Figure, figures, number_words
from service.evidence.prefilter import has_digit, mentions_any
from service.resources import read_lexicon_rows
from service.text import Sentence

WORD_NUMBERS = {w: int(v) for w, v in number_words("unit", "ten", "multiple").items()}
"""Number words with their values (from `seeds/lexicons/numbers.tsv`)."""
NUMBER_CUES = (*WORD_NUMBERS, "hundred")
"""A sentence with no digit and none of these words holds no quantity."""
_MULTIPLIERS = frozenset(number_words("times"))
"""'twice', 'double': a factor, never a count."""
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

_QUALIFIER = re.compile(
    r"\b(?P<qualifier>at least|more than|over|up to|nearly|almost|about|around|some|"
    r"fewer than|less than|approximately|roughly)\s+$",
    re.IGNORECASE,
)
_TAIL = re.compile(r"(?:\s+[a-z][a-z-]*){1,3}", re.IGNORECASE)
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
    text = sentence.text
    if not has_digit(text) and not mentions_any(text.lower(), NUMBER_CUES):
        return []
    found = []
    starts: set[int] = set()
    for figure in figures(text):
        if figure.start in starts or not _is_count_figure(text, figure):
            continue  # "25%" is read twice (25 and 0.25): the written value is the quantity
        starts.add(figure.start)
        found.append(_quantity(sentence, figure))
    return sorted(found, key=lambda q: q.start)


def _is_count_figure(text: str, figure: Figure) -> bool:
    """A figure that can be counted: not a date or a clock time, not a factor ("twice"), not a
    fraction ("two-thirds", "1/3"), which is a share of something else."""
    if figure.text.lower() in _MULTIPLIERS or (figure.value < 1 and figure.precision <= 1e-3):
        return False
    return not _is_date_or_time(text, figure.start, figure.start + len(figure.text))


def _quantity(sentence: Sentence, figure: Figure) -> Quantity:
    text = sentence.text
    end = figure.start + len(figure.text)
    qualifier = _QUALIFIER.search(text[max(0, figure.start - 20) : figure.start])
    start = figure.start - (len(qualifier.group(0)) if qualifier else 0)
    low, high = _bounds(figure.value, qualifier.group("qualifier").lower() if qualifier else "")
    low = min(low, _range_start(text[:start], figure.value))
    high = max(high, _range_end(text, end, figure.value))
    tail = _TAIL.match(text, end)
    referent = _referent(tail.group(0) if tail else "")
    if tail is not None and referent is not None:
        end = tail.start() + tail.group(0).find(referent) + len(referent)
    return Quantity(
        sentence.index,
        sentence.start + start,
        sentence.start + end,
        figure.value,
        low,
        high,
        referent,
    )


def _is_date_or_time(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start]
    after = text[end : end + 3]
    is_clock = after.startswith(":") or before.endswith(":")
    return is_clock or bool(_MONTH_BEFORE.search(before)) or bool(_MONTH_AFTER.match(text, end))


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


_RANGE_END = re.compile(r"\s*(?:-|–|to)\s*(?P<last>\d[\d,]*(?:\.\d+)?)(?![\d.,]*\d)")


def _range_end(text: str, end: int, value: float) -> float:
    """The upper end of a range that starts with this figure ("3,600-8,200", "40 to 50"), or the
    figure itself."""
    match = _RANGE_END.match(text, end)
    if match is None:
        return value
    last = float(match.group("last").replace(",", ""))
    return last if value < last <= value * 10 else value


def _bounds(value: float, qualifier: str) -> tuple[float, float]:
    if qualifier in ("at least", "more than", "over"):
        return value, float("inf")
    if qualifier in ("up to", "fewer than", "less than"):
        return 0.0, value
    if qualifier:
        return value * 0.85, value * 1.15
    return value, value


@lru_cache(maxsize=1)
def _referent_stops() -> frozenset[str]:
    return frozenset(
        w for w, role in read_lexicon_rows("counts_words.tsv") if role == "referent_stop"
    )


def _referent(tail: str) -> str | None:
    """The counted noun: the last word before a function word ("nine separate detonations")."""
    words: list[str] = []
    for word in tail.split():
        if word.lower() in _referent_stops():
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
