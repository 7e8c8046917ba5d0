"""Flags an editor would read as one finding are one flag carrying every reason."""

from service.evidence.model import Signal
from service.evidence.one_finding import one_finding_each

TEXT = "It is alleged that a spokesperson, speaking on condition of anonymity, lied about 3 ships."


def _signal(kind: str, words: str, detail: str, related: tuple[int, ...] = ()) -> Signal:
    start = TEXT.index(words)
    return Signal(kind, start, start + len(words), detail, "rule:x", 0.8, related=related)  # type: ignore[arg-type]


def test_a_hedge_that_is_also_an_unnamed_source_is_one_flag_with_both_reasons() -> None:
    hedge = _signal("hedged", "It is alleged", "Hedged wording.")
    unnamed = _signal("anonymous_source", "It is alleged", "Unnamed source.")
    [flag] = one_finding_each([unnamed, hedge], TEXT)
    assert flag.type == "hedged"
    assert flag.detail == "Hedged wording. Also: Unnamed source."


def test_two_cues_for_one_anonymous_source_are_one_flag_over_both() -> None:
    role = _signal("anonymous_source", "a spokesperson", "Unnamed source (spokesperson).")
    cue = _signal("anonymous_source", "speaking on condition of anonymity", "Not named.")
    [flag] = one_finding_each([role, cue], TEXT)
    assert TEXT[flag.start : flag.end] == "a spokesperson, speaking on condition of anonymity"
    assert flag.detail == "Not named."  # one type, one reason: the wider cue's


def test_a_reference_fact_and_its_contradiction_on_the_same_words_are_shown_once() -> None:
    fact = _signal("factbase_conflict", "3 ships", "Reference facts say 5.")
    contradiction = _signal("internal_contradiction", "3 ships", "Said twice.", related=(4, 2))
    [flag] = one_finding_each([contradiction, fact], TEXT)
    assert flag.type == "factbase_conflict"
    assert flag.related == (2, 4)
    assert flag.detail == "Reference facts say 5. Also: Said twice."


def test_nested_flags_of_two_types_stay_two_findings() -> None:
    outer = _signal("internal_contradiction", "lied about 3 ships", "Said twice.")
    inner = _signal("factbase_conflict", "3 ships", "Reference facts say 5.")
    assert len(one_finding_each([outer, inner], TEXT)) == 2


def test_neighbouring_loaded_words_stay_two_findings() -> None:
    first = _signal("loaded_language", "alleged", "Loaded.")
    second = _signal("loaded_language", "that", "Loaded.")
    assert len(one_finding_each([first, second], TEXT)) == 2


def test_flags_of_different_effect_on_the_same_words_stay_apart() -> None:
    loaded = _signal("loaded_language", "lied", "Loaded.")
    unattributed = _signal("unattributed_assertion", "lied", "No source.")
    assert {s.type for s in one_finding_each([loaded, unattributed], TEXT)} == {
        "loaded_language",
        "unattributed_assertion",
    }
