"""Figures parsed as values, so equal figures written differently match."""

import pytest

from service.evidence.numbers import figures, same_figure


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
