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
