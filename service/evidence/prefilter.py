"""Cheap keyword tests that let a sentence skip a regular expression that cannot match it.

Python's regex engine tries a long case-insensitive alternation at every position of a
sentence, which dominates analysis time. Each pattern guarded here can only match text that
contains one of a few literal keywords, so a substring test on the lower-cased sentence (a
fraction of a microsecond) decides whether the pattern needs to run at all. The guards only
skip work: when a keyword is present the pattern runs exactly as before.
"""

import re
from collections.abc import Iterable

# The only non-ASCII characters that `re.IGNORECASE` matches to an ASCII letter (checked over
# every code point): they must fold to that letter, or a keyword test would miss a match.
_IGNORECASE_TWINS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})
_DIGIT = re.compile(r"\d")


def lowered(text: str) -> str:
    """`text` lower-cased so that keyword tests agree with `re.IGNORECASE` matching."""
    if text.isascii() or not any(map(text.__contains__, "İıſK")):
        return text.lower()
    return text.translate(_IGNORECASE_TWINS).lower()


def mentions_any(text: str, keywords: Iterable[str]) -> bool:
    """Whether `text` contains one of `keywords` as a substring."""
    return any(map(text.__contains__, keywords))


def has_digit(text: str) -> bool:
    """Whether `text` has a character `\\d` matches (patterns needing a number skip otherwise)."""
    return _DIGIT.search(text) is not None
