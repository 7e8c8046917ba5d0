"""Figures as values, so that the same figure written two ways compares equal.

"$5bn", "5 billion" and "5,000,000,000" are one value; "5.2m" is 5,200,000; "two-thirds" and "2/3"
are 2/3; "25%" and "25 percent" are 25 (and 0.25, so they meet "a quarter"); "twenty-five" is 25.
A figure keeps the precision it was written with, so a summary's "5.2 million" matches an
article's 5,213,000 (a summary may round) but not 5,300,000.
"""

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from service.evidence.prefilter import has_digit, lowered, lowered_words, sentence_memo
from service.resources import read_lexicon_rows


@lru_cache(maxsize=1)
def _words_of_kind() -> dict[str, dict[str, float]]:
    """`seeds/lexicons/numbers.tsv` by kind: {"unit": {"one": 1.0, ...}, "scale": ...}."""
    kinds: dict[str, dict[str, float]] = {}
    for word, value, kind in read_lexicon_rows("numbers.tsv"):
        kinds.setdefault(kind, {})[word] = float(value)
    return kinds


def number_words(*kinds: str) -> dict[str, float]:
    """The number words of the given kinds (see `seeds/lexicons/numbers.tsv`) with values."""
    table = _words_of_kind()
    return {word: value for kind in kinds for word, value in table.get(kind, {}).items()}


UNITS = {word: int(value) for word, value in number_words("unit").items()}
TENS = {word: int(value) for word, value in number_words("ten").items()}
_SCALES = number_words("scale")
_FRACTIONS = {word: int(value) for word, value in number_words("fraction").items()}
_MULTIPLES = number_words("multiple")
_TIMES = number_words("times")
_OTHER = {**_MULTIPLES, **_TIMES}


def _alternatives(words: object) -> str:
    return "|".join(sorted(map(str, words), key=len, reverse=True))  # type: ignore[call-overload]


_NUMBER_WORD = _alternatives([*UNITS, *TENS, *_OTHER])
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE_WORD = _alternatives(_SCALES)
_LONG_SCALE = _alternatives(w for w in _SCALES if len(w) > 2)
_FRACTION_WORD = _alternatives(_FRACTIONS)
_FIGURE = re.compile(
    r"(?<![\w./])(?P<numerator>[1-9])/(?P<denominator>[2-9]|10)(?![\w/])|"
    rf"(?<![\w.])(?<![A-Za-z]-)(?P<digits>{_DIGITS})(?:\s?(?P<scale>(?:{_SCALE_WORD})\b))?"
    r"(?P<percent>\s?(?:%|per\s?cent\b|percent\b|percentage points?\b))?"
    rf"|\b(?P<words>(?:an?\s)?(?:{_NUMBER_WORD}|hundred)"
    rf"(?:(?:\s?-\s?|\s)(?:and\s)?(?:{_NUMBER_WORD}|hundred|{_LONG_SCALE})\b)*)\b"
    rf"(?:[\s-](?P<fraction>{_FRACTION_WORD})\b)?"
    rf"(?:\s(?P<wscale>(?:{_LONG_SCALE})\b))?"
    r"(?P<wpercent>\s(?:per\s?cent|percent)\b)?"
    rf"|\b(?:a|one)[\s-](?P<lone>{_FRACTION_WORD})\b",
)
"""Matched against the lowered text (`prefilter.lowered`: same offsets), without IGNORECASE."""
_WORD_FIGURE_NEEDS = frozenset([*UNITS, *TENS, *_OTHER, "hundred", *_FRACTIONS])
"""Every match of `_FIGURE` has a digit or one of these as a whole word: its number word, or
the fraction after "a"/"one", stands between word boundaries (or a space or hyphen), so it is a
run of letters `prefilter.lowered_words` reads whole."""
_WORDS_READ_WHOLE = all(re.fullmatch(r"[a-z]+", word) for word in _WORD_FIGURE_NEEDS)
"""Whether each of those words is one run of letters, as the shortcut above needs: a row of
`numbers.tsv` such as "half-dozen" would not be, and then every sentence takes the pattern."""
# A bare "one" is mostly a pronoun ("one of the..."): it is a figure only with a scale or a unit.
_PRONOUN_NUMBERS = frozenset({"one", "a", "an"})
CURRENCIES = {"$": "dollar", "£": "pound", "€": "euro", "¥": "yen"}


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


_WORD_GAP = re.compile(r"[\s-]+")
_RANGE = re.compile(r"\s?(?:-|–|to|and)\s?$")


def figures(text: str) -> list[Figure]:
    return list(_figures(text))


@sentence_memo()
def _figures(text: str) -> tuple[Figure, ...]:
    """Memoized: quantities, the off-topic check and the summary's checks read the same
    sentences' figures in one analysis."""
    folded = lowered(text)
    matches: Iterable[re.Match[str]]
    if not _WORDS_READ_WHOLE or not _WORD_FIGURE_NEEDS.isdisjoint(lowered_words(text)):
        matches = _FIGURE.finditer(folded)
    elif has_digit(folded):
        matches = _figures_at_digits(folded)
    else:
        return ()  # a sentence without figures, told for a fraction of the pattern's cost
    found: list[Figure] = []
    for match in matches:
        found.extend(_figure(match, text))
    return tuple(_share_percent(text, found))


_DIGIT_OR_POINT = re.compile(r"[\d.]")


def _figures_at_digits(folded: str) -> Iterator[re.Match[str]]:
    """`_FIGURE.finditer(folded)` for a text without the words `_WORD_FIGURE_NEEDS`: every
    match then starts at a digit or at the point of ".5", so the pattern is tried only there
    (the engine would try it at every character)."""
    at = 0
    for candidate in _DIGIT_OR_POINT.finditer(folded):
        if candidate.start() >= at:
            match = _FIGURE.match(folded, candidate.start())
            if match is not None:
                yield match
                at = match.end()


def first_figure(text: str) -> Figure | None:
    """The first of `figures(text)`, read no further than it: the figures a percentage range
    shares come after every figure as written."""
    for match in _FIGURE.finditer(lowered(text)):
        found = _figure(match, text)
        if found:
            return found[0]
    return None


def _share_percent(text: str, found: list[Figure]) -> list[Figure]:
    """In "4-7%" or "4 to 7 percent" the 4 is a percentage too."""
    shared = []
    for left, right in itertools.pairwise(found):
        between = text[left.start + len(left.text) : right.start]
        is_percent = "%" in right.text or "cent" in right.text.casefold()
        if is_percent and _RANGE.match(between) and "%" not in left.text:
            shared.append(Figure(left.text, left.value / 100, left.precision / 100, left.start))
    return found + shared


def _figure(match: re.Match[str], written: str) -> list[Figure]:
    text, start = written[match.start() : match.end()], match.start()
    if match.group("numerator"):
        share = int(match.group("numerator")) / int(match.group("denominator"))
        return [Figure(text, share, 0.001, start)] if share < 1 else []
    if match.group("digits"):
        return _digit_figure(match, text, start)
    if match.group("lone"):
        return [Figure(text, 1 / _FRACTIONS[match.group("lone").casefold()], 0.001, start)]
    words = match.group("words").casefold()
    value = _words_value(words)
    if value is None or (words in _PRONOUN_NUMBERS and not match.group("wscale")):
        return []
    fraction = match.group("fraction")
    if fraction:
        return [Figure(text, value / _FRACTIONS[fraction.casefold()], 0.001, start)]
    scale = _SCALES[match.group("wscale").casefold()] if match.group("wscale") else 1.0
    last_word = _WORD_GAP.split(words)[-1]
    last_scale = _SCALES.get(last_word, 1.0) if len(last_word) > 2 else 1.0
    precision = scale * (last_scale if last_scale >= 1e3 else 1.0)
    percent = bool(match.group("wpercent"))
    return _with_percent(text, value * scale, precision, start, percent)


def _digit_figure(match: re.Match[str], text: str, start: int) -> list[Figure]:
    raw = match.group("digits").replace(",", "")
    scale_word = (match.group("scale") or "").casefold()
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
    """ "twenty-five" -> 25, "three hundred and five" -> 305, "two dozen" -> 24: cardinals are
    composed by text2num; a multiple ("dozen") multiplies what precedes it."""
    parts = [w for w in _WORD_GAP.split(words) if w]
    if parts and parts[0] in ("a", "an"):
        parts[0] = "one"
    multiple = 1.0
    if parts and parts[-1] in _OTHER:
        multiple = _OTHER[parts.pop()]
        if not parts:
            return multiple
    try:
        return float(text2num(" ".join(parts), "en")) * multiple
    except ValueError:
        return None


def same_figure(claim: Figure, article: list[Figure]) -> bool:
    return any(claim.matches(figure) for figure in article)
