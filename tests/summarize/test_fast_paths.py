"""The summary's fast paths answer as the code they replaced (a pattern, a call per character)."""

import re

from service.summarize.clauses import _last_word
from service.summarize.extractive import _holds_digit
from tests.fast_paths import random_texts

_LAST_WORD = re.compile(r"[A-Za-z]+\.?(?=\W*$)")


def test_the_last_word_is_what_the_pattern_finds_last() -> None:
    for text in [*random_texts(20_000, seed=1), "Dr.", "He met the Rev.  ", "ends on 42.", ""]:
        found = _LAST_WORD.findall(text)
        assert _last_word(text) == (found[-1] if found else None), repr(text)


def test_a_digit_is_any_character_str_isdigit_takes() -> None:
    for text in [*random_texts(20_000, seed=2), "x²", "①", "٣ days", "no digits here"]:
        assert _holds_digit(text) == any(map(str.isdigit, text)), repr(text)
