"""Extractive summaries drop or replace loaded terms and keep the grammar intact."""

from service.evidence import Signal
from service.summarize.neutral import neutralize


def _loaded(text: str, term: str, suggestion: str | None) -> Signal:
    start = text.index(term)
    return Signal("loaded_language", start, start + len(term), "", "rule:test", 1.0, suggestion)


def test_dropping_a_term_fixes_the_indefinite_article() -> None:
    text = "In Aleisk a harrowing incident unfolded."
    assert (
        neutralize(text, 0, [_loaded(text, "harrowing", None)]) == "In Aleisk an incident unfolded."
    )


def test_a_suggestion_replaces_the_term() -> None:
    text = "The attack sent shockwaves through the town."
    result = neutralize(text, 0, [_loaded(text, "shockwaves", "concern")])
    assert result == "The attack sent concern through the town."


def test_a_before_a_consonant_sound_is_left_alone() -> None:
    text = "A Ukrainian drone struck a utility vehicle."
    assert neutralize(text, 0, []) == text


def test_a_dropped_last_conjunct_takes_its_and_along() -> None:
    text = "She condemned the execution as 'senseless and brutal'."
    result = neutralize(text, 0, [_loaded(text, "brutal", None)])
    assert result == "She condemned the execution as 'senseless'."


def test_a_dropped_first_conjunct_takes_its_and_along() -> None:
    text = "It was a brutal and senseless killing."
    assert neutralize(text, 0, [_loaded(text, "brutal", None)]) == "It was a senseless killing."
