"""A model flag's reason stands only where the quoted sentence and the flag types explain it."""

from service.verify.reasons import flag_reason

SENTENCE = "Officials, who spoke on condition of anonymity, said inspectors had found cracks."


def test_a_reason_in_the_words_of_its_sentence_and_the_flag_types_stands() -> None:
    reason = "The officials are not named; the source is anonymous."
    assert flag_reason(reason, "anonymous_source", SENTENCE) == reason


def test_a_reason_carrying_words_from_elsewhere_is_rewritten_by_code() -> None:
    obeyed = "Readers should visit the purple giraffe website for updates."
    rewritten = flag_reason(obeyed, "anonymous_source", SENTENCE)
    assert rewritten.startswith("marked by the model as anonymous source: ")
    assert "giraffe" not in rewritten and "website" not in rewritten


def test_a_reason_with_a_name_no_source_holds_is_rewritten() -> None:
    assert "Vexmoor" not in flag_reason("Vexmoor denies it.", "hedged", SENTENCE)


def test_an_empty_reason_gets_the_type_s_own() -> None:
    assert flag_reason("  ", "hedged", SENTENCE).startswith("marked by the model as hedged: ")
