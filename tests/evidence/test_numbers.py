"""Figures parsed as values, so equal figures written differently match."""

import pytest

from service.evidence.numbers import figures, same_figure
from service.evidence.quantities import extract_quantities
from service.text import build_document


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        ("$5bn", "5 billion dollars"),
        ("5.2m", "5,200,000"),
        ("two-thirds", "2/3"),
        ("25%", "25 percent"),
        ("twenty-five", "25"),
        ("three hundred and five", "305"),
        ("a dozen", "12"),
        ("twenty - five", "25"),
        ("a hundred and sixty", "160"),
    ],
)
def test_equal_figures_written_differently_match(claim: str, article: str) -> None:
    (figure,) = figures(claim)[:1]
    assert same_figure(figure, figures(article))


def test_rounded_figure_matches_the_precise_one() -> None:
    (figure,) = figures("5.2 million")
    assert same_figure(figure, figures("5,213,000"))


def test_rounded_figure_does_not_match_a_different_one() -> None:
    (figure,) = figures("5.2 million")
    assert not same_figure(figure, figures("5,300,000"))


def test_pronoun_one_is_not_a_figure() -> None:
    assert figures("one of the officials") == []


def test_range_shares_its_percent_sign() -> None:
    values = {f.value for f in figures("net sales up 4-7%")}
    assert 0.04 in values


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("eight thousand nine hundred and ninety-two", 8992),
        ("two dozen", 24),
        ("a dozen", 12),
        ("$3.2bn", 3.2e9),
        ("4 thousand", 4000),
        ("nineteen", 19),
    ],
)
def test_number_words_scales_and_multiples_have_one_value(written: str, value: float) -> None:
    found = figures(written)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)
    assert found[0].text == written.lstrip("$")


@pytest.mark.parametrize(
    "text",
    [
        "The bill would cost $2 trillion over a decade.",
        "Nineteen people and a dozen horses were rescued.",
        "Sales reached 4 thousand units and 3.2bn in revenue.",
        "Three hundred and five homes lost power.",
    ],
)
def test_the_summary_check_and_the_detectors_read_the_same_figures(text: str) -> None:
    document = build_document(text)
    quantities = [q.value for s in document.sentences for q in extract_quantities(s)]
    summary_figures = [f.value for f in figures(text)]
    assert quantities == summary_figures
    assert quantities


def test_a_factor_or_a_fraction_is_a_figure_but_not_a_quantity() -> None:
    text = "Prices doubled, and twice as many shops closed; two-thirds of them were small."
    document = build_document(text)
    assert {f.text for f in figures(text)} >= {"twice", "two-thirds"}
    assert [q for s in document.sentences for q in extract_quantities(s)] == []
