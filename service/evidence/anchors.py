"""The time and place a sentence puts its figures in: "in 2016", "last week", "in Kherson".

Two figures anchored to different times or places describe different occasions and are never
compared (see `counts.same_occasion`).
"""

import re
from collections.abc import Callable
from functools import lru_cache

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WHEN = re.compile(
    rf"\b(?:(?P<year>(?:19|20)\d\d)|(?P<month>{_MONTHS})|(?P<day>{_WEEKDAYS})|"
    r"(?P<relative>(?i:last|this|next|previous|the same) (?:week|weekend|month|year|season)|"
    r"(?i:yesterday|today|tonight)))\b"
)
_SAID_WHEN = re.compile(
    rf"\b(?:said|says|told|announced|added|confirmed|stated|wrote|reported)\s+(?:on\s+)?"
    rf"(?:{_WEEKDAYS}|yesterday|today)\b"
)
_WHERE = re.compile(
    r"\b(?i:in|near|at|outside|across|around|from)\s+(?:the\s+)?"
    r"(?:(?!(?:a|an|the|which|who|that|this|least|most|all)\b)[a-z]+\s+){0,2}?(?:of\s+)?"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)
_NOT_PLACES = frozenset([*_MONTHS.split("|"), *_WEEKDAYS.split("|"), "The", "A", "An"])


@lru_cache(maxsize=256)
def anchors_when(text: str) -> frozenset[str]:
    """Times in the sentence, except the day a statement was made ("said on Monday")."""
    text = _SAID_WHEN.sub(" ", text)
    return frozenset(match.group(0).lower() for match in _WHEN.finditer(text))


@lru_cache(maxsize=256)
def anchors_where(text: str) -> frozenset[str]:
    places = (unthe(match.group("place")) for match in _WHERE.finditer(text))
    return frozenset(p.lower() for p in places if p and p.split()[0] not in _NOT_PLACES)


def unthe(place: str) -> str:
    """ "The Hague" is a place, "The" alone is not."""
    return place[4:] if place.startswith("The ") else ("" if place == "The" else place)


def different(one: frozenset[str], two: frozenset[str], sets_apart: Callable[[str], bool]) -> bool:
    if one & two:
        return False
    if one and two:
        return True
    return any(sets_apart(anchor) for anchor in one | two)


def is_period(anchor: str) -> bool:
    return anchor[:1].isdigit() or anchor.startswith(("last ", "previous ", "next "))
