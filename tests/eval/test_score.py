"""The scorer's arithmetic on tiny hand-made predictions."""

import pytest

from service.eval.score import (
    Counts,
    balanced_accuracy,
    macro,
    max_matching,
    micro,
    overlaps,
    scores,
)

Span = tuple[int, int]


def _overlapping(a: Span, b: Span) -> bool:
    return overlaps(a[0], a[1], b[0], b[1])


def test_spans_that_share_a_character_overlap() -> None:
    assert overlaps(0, 5, 4, 9)
    assert overlaps(4, 9, 0, 5)
    assert overlaps(2, 3, 0, 10)


def test_spans_that_only_touch_do_not_overlap() -> None:
    assert not overlaps(0, 5, 5, 9)
    assert not overlaps(5, 9, 0, 5)


def test_each_expected_flag_is_matched_at_most_once() -> None:
    expected = [(0, 10)]
    predicted = [(0, 4), (5, 10)]

    pairs = max_matching(expected, predicted, _overlapping)

    assert pairs == [(0, 0)]


def test_matching_finds_the_pairing_a_greedy_pass_would_miss() -> None:
    # Expected 0 overlaps both predictions; expected 1 only the first. Greedy would give
    # prediction 0 to expected 0 and strand expected 1.
    expected = [(0, 20), (0, 5)]
    predicted = [(0, 5), (15, 20)]

    pairs = max_matching(expected, predicted, _overlapping)

    assert pairs == [(0, 1), (1, 0)]


def test_precision_recall_and_f1_from_counts() -> None:
    result = scores(Counts(tp=2, fp=2, fn=1))

    assert result.precision == pytest.approx(0.5)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(4 / 7)


def test_precision_is_undefined_when_nothing_was_predicted() -> None:
    result = scores(Counts(tp=0, fp=0, fn=3))

    assert result.precision is None
    assert result.recall == 0.0
    assert result.f1 == 0.0


def test_recall_is_undefined_when_nothing_was_expected() -> None:
    result = scores(Counts(tp=0, fp=2, fn=0))

    assert result.precision == 0.0
    assert result.recall is None
    assert result.f1 == 0.0


def test_all_figures_are_undefined_when_there_is_nothing_at_all() -> None:
    result = scores(Counts())

    assert (result.precision, result.recall, result.f1) == (None, None, None)


def test_micro_average_pools_counts_and_macro_averages_defined_figures() -> None:
    per_type = {"hedged": Counts(tp=1, fp=0, fn=0), "unconfirmed": Counts(tp=0, fp=0, fn=3)}

    assert micro(per_type).recall == pytest.approx(0.25)
    assert macro(per_type).recall == pytest.approx(0.5)
    assert macro(per_type).precision == pytest.approx(1.0)  # unconfirmed has none to average


def test_balanced_accuracy_is_the_mean_recall_of_the_classes_present() -> None:
    gold = ["consistent", "consistent", "consistent", "unsupported"]
    predicted = ["consistent", "consistent", "consistent", "consistent"]

    accuracy, per_class = balanced_accuracy(gold, predicted)

    assert accuracy == pytest.approx(0.5)
    assert per_class == {"consistent": (3, 3), "unsupported": (0, 1)}


def test_balanced_accuracy_counts_a_missing_prediction_as_wrong() -> None:
    accuracy, _ = balanced_accuracy(["inconsistent", "inconsistent"], ["inconsistent", None])

    assert accuracy == pytest.approx(0.5)


def test_balanced_accuracy_is_undefined_without_labels() -> None:
    assert balanced_accuracy([], []) == (None, {})
