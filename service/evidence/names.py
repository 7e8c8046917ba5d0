"""Folding names so that transliteration variants meet: Aleisk/Aleysk, Balitskiy/Balitsky."""

import re
import string
import unicodedata
from functools import lru_cache

_Y_J_TO_I = str.maketrans({"y": "i", "j": "i"})
_DROP_NON_LETTERS = str.maketrans(
    "", "", string.punctuation + string.digits + string.whitespace + "’‘ʹʼ–—"
)
_REPEATS = re.compile(r"(.)\1+")
# Russian/Ukrainian adjectival endings that English copy spells several ways or drops
# (Kamenka-Dneprovskaya / -Dneprovska, Velikiy / Velyki / Velikiye).
_ENDINGS = re.compile(r"(?:aia|ie)\b")
_NOT_LATIN = re.compile(r"[^\x00-\u024f’ʹʼ–—]")
_NOT_ASCII_LETTER = re.compile(r"[^a-z]")


def fold_name(name: str) -> str:
    """A key equal for common romanizations of one name (diacritics, y/i/j, doubled letters)."""
    lowered = name.lower()
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = lowered.translate(_Y_J_TO_I)
    # The substitutions below are only tried when they can apply: the gazetteer folds some
    # 400,000 names at start-up, and a search is much cheaper than a substitution.
    if "ie" in lowered or "aia" in lowered:
        lowered = _ENDINGS.sub(_ending, lowered)
    letters = lowered.translate(_DROP_NON_LETTERS)
    if not letters.isascii():
        letters = _NOT_ASCII_LETTER.sub("", letters)
    return _REPEATS.sub(_first_letter, letters) if _REPEATS.search(letters) else letters


def _first_letter(match: re.Match[str]) -> str:
    return match.group(1)


def _ending(match: re.Match[str]) -> str:
    return "a" if match.group(0) == "aia" else "i"


def is_latin(name: str) -> bool:
    """Whether a name is written in Latin script (the gazetteer also holds Cyrillic, CJK...)."""
    return _NOT_LATIN.search(name) is None


@lru_cache(maxsize=16384)
def lookup_key(name: str) -> str:
    """`fold_name`, memoized for the lookups analysis repeats on every article."""
    return fold_name(name)
