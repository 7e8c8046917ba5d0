"""Loaded-language lexicon: tiers, inflections, intensifiers, quotes and the plain-word guards."""

import dataclasses

import pytest

from service.evidence.lexicon import CURATED_CONFIDENCE, LoadedSpan, loaded_spans
from service.evidence.lexicon_tables import inflections, loaded_language_lexicon, parse_lexicon


def _found(text: str) -> list[str]:
    return [text[span.start : span.end] for span in loaded_spans(text)]


def test_curated_term_comes_back_as_a_frozen_span_with_confidence_and_detail() -> None:
    [span] = loaded_spans("Officials described a brutal campaign.")
    assert (span.category, span.suggestion, span.confidence) == ("emotive", None, 0.85)
    assert "neutral report would not use it" in span.detail
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 0  # type: ignore[misc]


def test_inflected_forms_of_a_curated_verb_are_found() -> None:
    assert _found("The minister slammed the plan.") == ["slammed"]
    assert _found("Critics keep slamming the plan.") == ["slamming"]
    assert {"slams", "slammed", "slamming"} <= inflections("slam")


def test_hyphen_and_space_spell_the_same_term() -> None:
    assert _found("He called it a witch-hunt.") == ["witch-hunt"]
    assert _found("He called it a witch hunt.") == ["witch hunt"]


def test_multi_word_term_is_one_finding() -> None:
    [span] = loaded_spans("The news sent shockwaves through the town.")
    assert span.suggestion == "caused concern"


def test_bare_intensifier_is_not_loaded_language() -> None:
    assert _found("It was extremely cold and absolutely quiet in the very early hours.") == []


def test_intensifier_is_not_a_term_even_when_a_lexicon_lists_it() -> None:
    lexicon = parse_lexicon("incredible\tevaluative\t-\n", intensifying=["incredibly"])
    assert "incredible" in lexicon.entries
    assert "incredibly" not in lexicon.entries


def test_intensifier_joins_the_loaded_term_after_it() -> None:
    assert _found("The ruling was utterly disgraceful.") == ["utterly disgraceful"]


def test_vader_word_is_flagged_below_curated_confidence() -> None:
    [span] = loaded_spans("It was a reckless plan.")
    assert span.confidence < CURATED_CONFIDENCE
    assert "VADER" in span.detail


def test_stronger_vader_valence_gives_higher_confidence() -> None:
    mild, strong = loaded_spans("A reckless plan brought misery.")
    assert mild.confidence < strong.confidence


def test_plain_news_words_are_not_flagged() -> None:
    text = (
        "Police said 12 people were killed in the attack; the crisis caused chaos, a hostage "
        "was freed, the assassination was condemned and the mayor voiced support."
    )
    assert _found(text) == []


def test_words_in_a_direct_quote_are_flagged_with_lower_confidence() -> None:
    [outside] = loaded_spans("The shocking move was approved.")
    [inside] = loaded_spans("“The move is shocking,” she said.")
    assert inside.confidence < outside.confidence
    assert inside.detail.startswith("Inside a direct quote")


def test_capitalised_name_is_not_a_vader_flag() -> None:
    assert _found("They met at the Misery Bay marina.") == []
    assert _found("Misery followed the flood.") == ["Misery"]


def test_framing_patterns_still_match() -> None:
    assert _found("The remark raised eyebrows in Kyiv.") == ["raised eyebrows"]


def test_common_and_plain_words_leave_only_the_vader_tier() -> None:
    lexicon = parse_lexicon(
        curated="regime\tlabel\tgovernment\n",
        vader="regime\t-2\nkilled\t-3.5\nvile\t-3\nmurder\t-3.7\n",
        common=["regime", "killed"],
        plain=["murder"],
    )
    assert lexicon.entries["regime"].tier == "curated"
    assert "killed" not in lexicon.entries
    assert "murdered" not in lexicon.entries
    assert lexicon.entries["vile"].tier == "vader"


def test_curated_inflection_does_not_replace_another_curated_term() -> None:
    lexicon = parse_lexicon("crook\tlabel\t-\ncrooked\tevaluative\tdishonest\n")
    assert lexicon.entries["crooked"].suggestion == "dishonest"


def test_shipped_lexicon_holds_both_tiers() -> None:
    tiers = {entry.tier for entry in loaded_language_lexicon().entries.values()}
    assert tiers == {"curated", "vader"}


def test_loaded_span_fields_are_the_interface() -> None:
    assert [f.name for f in dataclasses.fields(LoadedSpan)] == [
        *("start", "end", "category", "suggestion", "confidence", "detail", "term", "quoted"),
        "flag",
    ]


def test_a_text_that_starts_inside_a_quote_is_quoted_up_to_its_closing_mark() -> None:
    [inside] = loaded_spans("The plan is shocking.", starts_inside=True)
    assert inside.quoted and inside.detail.startswith("Inside a direct quote")
    [closed, after] = loaded_spans("It is shocking,” she said of the brutal plan.", True)
    assert closed.quoted and not after.quoted
