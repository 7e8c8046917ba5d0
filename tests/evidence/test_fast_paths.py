"""The evidence layer's fast paths answer as the code they replaced."""

from service.evidence import numbers
from service.evidence.grounding import _TOKEN, lowered_tokens
from tests.fast_paths import random_texts


def test_sentence_words_are_the_tokens_lowered_one_by_one() -> None:
    for text in [*random_texts(20_000, seed=4), "O'NEIL's İstanbul \u212aelvin", "it's"]:
        assert lowered_tokens(text) == tuple(t.lower() for t in _TOKEN.findall(text)), repr(text)


def test_every_number_word_is_one_run_of_letters() -> None:
    """The figures' shortcut for a sentence without number words holds only then; a row of
    numbers.tsv such as "half-dozen" turns it off (and this test says so)."""
    assert numbers._WORDS_READ_WHOLE
