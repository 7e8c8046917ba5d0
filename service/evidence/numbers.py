"""Figures as values, so that the same figure written two ways compares equal.

"$5bn", "5 billion" and "5,000,000,000" are one value; "5.2m" is 5,200,000; "two-thirds" and "2/3"
are 2/3; "25%" and "25 percent" are 25 (and 0.25, so they meet "a quarter"); "twenty-five" is 25.
A figure keeps the precision it was written with, so a summary's "5.2 million" matches an
article's 5,213,000 (a summary may round) but not 5,300,000.
"""

import itertools
import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "mm": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
_OTHER = {"dozen": 12, "dozens": 12, "couple": 2, "pair": 2, "twice": 2, "double": 2}
_NUMBER_WORD = "|".join([*UNITS, *TENS, *_OTHER])
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE_WORD = r"hundred|thousand|million|billion|trillion|mln|mn|bn|tn|mm|k|m|b"
_FIGURE = re.compile(
    r"(?<![\w./])(?P<numerator>[1-9])/(?P<denominator>[2-9]|10)(?![\w/])|"
    rf"(?<![\w.])(?<![A-Za-z]-)(?P<digits>{_DIGITS})(?:\s?(?P<scale>(?:{_SCALE_WORD})\b))?"
    r"(?P<percent>\s?(?:%|per\s?cent\b|percent\b|percentage points?\b))?"
    rf"|\b(?P<words>(?:an?\s)?(?:{_NUMBER_WORD}|hundred)"
    rf"(?:(?:\s?-\s?|\s)(?:and\s)?(?:{_NUMBER_WORD}|hundred)\b)*)\b"
    r"(?:[\s-](?P<fraction>halves|half|thirds?|quarters?|fifths?|tenths?)\b)?"
    rf"(?:\s(?P<wscale>(?:hundred|thousand|million|billion|trillion)\b))?"
    r"(?P<wpercent>\s(?:per\s?cent|percent)\b)?"
    r"|\b(?:a|one)[\s-](?P<lone>half|third|quarter|fifth|tenth)\b",
    re.IGNORECASE,
)
# A bare "one" is mostly a pronoun ("one of the..."): it is a figure only with a scale or a unit.
_PRONOUN_NUMBERS = frozenset({"one", "a", "an"})


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as written (`text`) and as a value, with the step it was written to."""

    text: str
    value: float
    precision: float
    start: int

    def matches(self, other: "Figure") -> bool:
        """`other` rounds to this figure at the precision this figure was written with."""
        step = max(self.precision, 1e-9)
        return abs(other.value - self.value) <= step / 2 + 1e-9 * max(1.0, abs(self.value))


_RANGE = re.compile(r"\s?(?:-|–|to|and)\s?$")


def figures(text: str) -> list[Figure]:
    found: list[Figure] = []
    for match in _FIGURE.finditer(text):
        found.extend(_figure(match))
    return _share_percent(text, found)


def _share_percent(text: str, found: list[Figure]) -> list[Figure]:
    """In "4-7%" or "4 to 7 percent" the 4 is a percentage too."""
    shared = []
    for left, right in itertools.pairwise(found):
        between = text[left.start + len(left.text) : right.start]
        is_percent = "%" in right.text or "cent" in right.text.lower()
        if is_percent and _RANGE.match(between) and "%" not in left.text:
            shared.append(Figure(left.text, left.value / 100, left.precision / 100, left.start))
    return found + shared


def _figure(match: re.Match[str]) -> list[Figure]:
    text, start = match.group(0), match.start()
    if match.group("numerator"):
        share = int(match.group("numerator")) / int(match.group("denominator"))
        return [Figure(text, share, 0.001, start)] if share < 1 else []
    if match.group("digits"):
        return _digit_figure(match, text, start)
    if match.group("lone"):
        return [Figure(text, 1 / _FRACTIONS[match.group("lone").lower()], 0.001, start)]
    words = match.group("words").lower()
    value = _words_value(words)
    if value is None or (words in _PRONOUN_NUMBERS and not match.group("wscale")):
        return []
    fraction = match.group("fraction")
    if fraction:
        return [Figure(text, value / _FRACTIONS[fraction.lower()], 0.001, start)]
    scale = _SCALES[match.group("wscale").lower()] if match.group("wscale") else 1.0
    percent = bool(match.group("wpercent"))
    return _with_percent(text, value * scale, scale, start, percent)


def _digit_figure(match: re.Match[str], text: str, start: int) -> list[Figure]:
    raw = match.group("digits").replace(",", "")
    scale_word = (match.group("scale") or "").lower()
    # "5 m" may be metres and "5 b" a list item: single-letter scales count only when attached.
    if len(scale_word) == 1 and " " in text[: len(match.group("digits")) + 1]:
        scale_word = ""
    scale = _SCALES.get(scale_word, 1.0)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    value = float(raw) * scale
    return _with_percent(text, value, scale * 10.0**-decimals, start, bool(match.group("percent")))


def _with_percent(
    text: str, value: float, precision: float, start: int, percent: bool
) -> list[Figure]:
    found = [Figure(text, value, precision, start)]
    if percent:
        found.append(Figure(text, value / 100, precision / 100, start))
    return found


def _words_value(words: str) -> float | None:
    """ "twenty-five" -> 25, "three hundred and five" -> 305, "two million" -> 2,000,000."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", words):
        if word in ("and", "a", "an"):
            continue
        if word in UNITS or word in TENS or word in _OTHER:
            current += UNITS.get(word, 0) + TENS.get(word, 0) + _OTHER.get(word, 0)
            seen = True
        elif word in _SCALES and len(word) > 2:
            scale = _SCALES[word]
            current = max(current, 1.0) * scale
            if scale >= 1e3:
                total, current = total + current, 0.0
        else:
            return None
    return total + current if seen else None


def same_figure(claim: Figure, article: list[Figure]) -> bool:
    return any(claim.matches(figure) for figure in article)
