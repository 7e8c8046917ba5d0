"""The same claim, not a similar sentence: what a note from an earlier review may rest on."""

from service.review.claim_match import best_matches, normalize, same_claim

CLAIM = "The regional governor said 12 people were killed in the strike on Monday, Ukraine says."


def _same(a: str, b: str) -> bool:
    return same_claim(normalize(a), normalize(b))


def test_case_punctuation_and_quotes_do_not_matter() -> None:
    assert normalize("The Mayor said: “No.”") == normalize("the mayor said no")
    assert _same(CLAIM, CLAIM.upper().replace(",", ""))


def test_a_spelling_variant_of_a_name_is_the_same_claim() -> None:
    a = "Shelling hit Zaporizhzhia overnight, the regional military administration said."
    b = "Shelling hit Zaporizhia overnight, the regional military administration said."
    assert _same(a, b)


def test_another_figure_is_another_claim() -> None:
    assert not _same(CLAIM, CLAIM.replace("12", "14"))
    assert not _same(
        "The region has 3.2 million residents, officials say.",
        "The region has 3.2 billion residents, officials say.",
    )


def test_another_day_or_verb_or_a_negation_is_another_claim() -> None:
    assert not _same(CLAIM, CLAIM.replace("Monday", "Tuesday"))
    assert not _same(CLAIM, CLAIM.replace("killed", "injured"))
    negated = "The army did not retake the town of Robotyne last week, officials said."
    assert not _same(negated, negated.replace("did not", "did"))


def test_short_sentences_match_only_when_equal() -> None:
    assert not _same("He said no.", "She said no.")
    assert _same("He said no.", "he said no")


def test_best_matches_keeps_only_the_same_claim_most_similar_first() -> None:
    known = {
        1: normalize(CLAIM.replace("12", "14")),
        2: normalize(CLAIM.replace("in the strike", "in a strike")),
        3: normalize(CLAIM),
        4: normalize("The council approved the budget for next year."),
    }
    assert [key for key, _ in best_matches(normalize(CLAIM), known, 3)] == [3, 2]
