"""The grounding check of summaries against their article."""

from service.evidence.grounding import check_summary, unsupported_terms
from service.text import build_document

ARTICLE = build_document(
    "Governor Anna Kovalenko confirmed that 2,113 residents lost power on Tuesday. "
    "Repairs to the substation are expected to take a week."
)


def test_faithful_sentence_is_consistent() -> None:
    row = check_summary(ARTICLE, "Anna Kovalenko confirmed that 2,113 residents lost power.")[0]
    assert row.verdict == "consistent"
    assert row.evidence == [0]


def test_antonym_swap_is_inconsistent() -> None:
    row = check_summary(ARTICLE, "Anna Kovalenko denied that 2,113 residents lost power.")[0]
    assert row.verdict == "inconsistent"
    assert "denied" in row.reason


def test_changed_figure_is_inconsistent() -> None:
    row = check_summary(ARTICLE, "Anna Kovalenko confirmed that 5,000 residents lost power.")[0]
    assert row.verdict == "inconsistent"


def test_negation_flip_is_inconsistent() -> None:
    row = check_summary(ARTICLE, "Repairs to the substation are not expected to take a week.")[0]
    assert row.verdict == "inconsistent"


def test_added_name_is_unsupported() -> None:
    row = check_summary(ARTICLE, "Petro Bondar confirmed that residents lost power.")[0]
    assert row.verdict == "unsupported"
    assert "Petro" in row.reason


def test_scaled_number_matches_its_digits() -> None:
    assert unsupported_terms("3.2 million residents", ["his 3,200,000 residents"]) == []


BRIEFING = build_document(
    "Governor Anna Kovalenko opened the briefing at noon. "
    "The Chinese operator said it will pay $5bn for the new substation. "
    "The plan is expensive, officials said. "
    "Prices rose by 25% in two-thirds of the towns. "
    "Officials did not name the contractor."
)


def test_name_from_another_sentence_of_the_article_is_consistent() -> None:
    row = check_summary(BRIEFING, "Kovalenko said the operator will pay $5bn for the substation.")[
        0
    ]
    assert row.verdict == "consistent"


def test_sentence_initial_common_word_is_not_a_name() -> None:
    row = check_summary(BRIEFING, "Officials said the plan is expensive.")[0]
    assert row.verdict == "consistent"


def test_figure_written_another_way_is_consistent() -> None:
    row = check_summary(BRIEFING, "Prices rose 25 percent in 2/3 of the towns.")[0]
    assert row.verdict == "consistent"


def test_figure_the_aligned_sentence_gives_differently_is_inconsistent() -> None:
    row = check_summary(BRIEFING, "Prices rose by 30% in two-thirds of the towns.")[0]
    assert row.verdict == "inconsistent"
    assert "30%" in row.reason


def test_wordnet_antonym_swap_is_inconsistent() -> None:
    row = check_summary(BRIEFING, "Officials said the plan is cheap.")[0]
    assert row.verdict == "inconsistent"
    assert "'cheap'" in row.reason
    assert "'expensive'" in row.reason


def test_pertainym_supports_a_country_name() -> None:
    row = check_summary(BRIEFING, "The operator from China will pay for the substation.")[0]
    assert row.verdict == "consistent"


def test_negation_the_article_makes_is_consistent() -> None:
    row = check_summary(BRIEFING, "The contractor was not named by officials.")[0]
    assert row.verdict == "consistent"


def test_negation_the_article_never_makes_is_undecided_by_code() -> None:
    row = check_summary(BRIEFING, "The operator did not attend the briefing.")[0]
    assert row.verdict == "undecided"
    assert row.reason.startswith("undecided by code")


def test_reworded_negation_is_not_called_a_flip() -> None:
    row = check_summary(BRIEFING, "Officials declined to say who was not hired.")[0]
    assert row.verdict != "inconsistent"


def test_out_of_vocabulary_word_in_lowercase_summary_is_a_name() -> None:
    row = check_summary(BRIEFING, "kovalenko said the zelotrix plan is expensive.")[0]
    assert row.verdict == "unsupported"
    assert "zelotrix" in row.reason
    assert "kovalenko" not in row.reason


def test_quarter_abbreviation_matches_the_spelled_out_quarter() -> None:
    article = build_document("Revenue grew in the third quarter, the company said.")
    row = check_summary(article, "Revenue grew in Q3.")[0]
    assert row.verdict == "consistent"


def test_a_sentence_mostly_of_words_the_article_lacks_is_undecided_not_consistent() -> None:
    document = build_document("The council approved the budget on Monday after a long debate.")
    rows = check_summary(document, "Protesters marched downtown demanding immediate resignations.")
    assert rows[0].verdict == "undecided"
    assert "does not use or paraphrase" in rows[0].reason


def test_an_indefinite_pronoun_opening_a_sentence_is_not_a_name() -> None:
    document = build_document("Everyone at the meeting agreed to cut the budget by 5 percent.")
    assert check_summary(document, "Everyone agreed to cut the budget.")[0].verdict == "consistent"


def test_a_sentence_without_content_words_is_undecided() -> None:
    document = build_document("The council approved the budget on Monday.")
    assert check_summary(document, "So it is.")[0].verdict == "undecided"
