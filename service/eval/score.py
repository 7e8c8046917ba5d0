"""The arithmetic: span matching, precision/recall/F1, balanced accuracy. Pure functions.

A predicted flag matches an expected one when the types are equal and the spans overlap. Each
expected flag can be matched once and each prediction can match once; among the possible pairings
the largest one is taken (a greedy pass can strand a label that a different pairing would match).
"""

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import TypeVar

E = TypeVar("E")
P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Found:
    """A predicted flag, in offsets of the submitted article."""

    type: str
    start: int
    end: int
    text: str
    detector: str = ""


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def max_matching(
    expected: Sequence[E], predicted: Sequence[P], compatible: Callable[[E, P], bool]
) -> list[tuple[int, int]]:
    """Largest one-to-one pairing (expected index, predicted index) of compatible items."""
    owner: dict[int, int] = {}  # predicted index -> expected index
    for e in range(len(expected)):
        _augment(e, expected, predicted, compatible, owner, set())
    return sorted((e, p) for p, e in owner.items())


def _augment(
    e: int,
    expected: Sequence[E],
    predicted: Sequence[P],
    compatible: Callable[[E, P], bool],
    owner: dict[int, int],
    visited: set[int],
) -> bool:
    # Kuhn's augmenting path: take a free prediction, or move its owner to another one.
    for p, candidate in enumerate(predicted):
        if p in visited or not compatible(expected[e], candidate):
            continue
        visited.add(p)
        if p not in owner or _augment(owner[p], expected, predicted, compatible, owner, visited):
            owner[p] = e
            return True
    return False


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def expected(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp


@dataclass(frozen=True, slots=True)
class Scores:
    """None where a figure is undefined (nothing predicted, or nothing expected)."""

    precision: float | None
    recall: float | None
    f1: float | None


def scores(counts: Counts) -> Scores:
    precision = counts.tp / counts.predicted if counts.predicted else None
    recall = counts.tp / counts.expected if counts.expected else None
    # 2tp / (2tp + fp + fn) equals the harmonic mean where both are defined, and is 0 (not
    # undefined) when labels exist but nothing was predicted, which is the honest figure.
    denominator = 2 * counts.tp + counts.fp + counts.fn
    f1 = 2 * counts.tp / denominator if denominator else None
    return Scores(precision, recall, f1)


def micro(per_type: dict[str, Counts]) -> Scores:
    total = Counts()
    for counts in per_type.values():
        total.add(counts)
    return scores(total)


def macro(per_type: dict[str, Counts]) -> Scores:
    """Mean over the types where each figure is defined."""
    each = [scores(c) for c in per_type.values()]
    return Scores(
        _mean_defined(s.precision for s in each),
        _mean_defined(s.recall for s in each),
        _mean_defined(s.f1 for s in each),
    )


def _mean_defined(values: Iterable[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


def balanced_accuracy(
    gold: Sequence[Hashable], predicted: Sequence[Hashable | None]
) -> tuple[float | None, dict[str, tuple[int, int]]]:
    """Mean per-class recall over the classes present in `gold`; also (correct, total) per class.

    `predicted` is aligned with `gold`; a None (no prediction for that row) counts as wrong.
    """
    per_class: dict[str, tuple[int, int]] = {}
    for truth, guess in zip(gold, predicted, strict=True):
        correct, total = per_class.get(str(truth), (0, 0))
        per_class[str(truth)] = (correct + (guess == truth), total + 1)
    if not per_class:
        return None, per_class
    return fmean(correct / total for correct, total in per_class.values()), per_class
