"""Quality floors: the fast-mode figures on the labeled cases must not fall below eval/floors.json.

A detector change that loses findings (or adds false ones) on the cases fails here, with the
figure and its floor in the message. The floors sit a little below the figures measured when
they were set; raise them as the detectors improve.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.eval.evaluate import evaluate
from service.eval.load import load_cases
from service.eval.report import as_json
from service.eval.run import run_cases

EVAL = Path(__file__).resolve().parents[2] / "eval"
FLOORS: dict[str, dict[str, Any]] = json.loads((EVAL / "floors.json").read_text())["files"]


def _floor_ids() -> list[tuple[str, str, str | None, float]]:
    """(cases file, metric, flag or contradiction type or None, floor) for every floor."""
    rows: list[tuple[str, str, str | None, float]] = []
    for file, metrics in FLOORS.items():
        for metric, floor in metrics.items():
            if isinstance(floor, dict):
                rows += [(file, metric, kind, value) for kind, value in floor.items()]
            else:
                rows.append((file, metric, None, floor))
    return rows


@cache
def _figures(file: str) -> dict[str, Any]:
    report = as_json(
        evaluate(run_cases(load_cases(EVAL / file), "fast", Settings())), "fast", False
    )
    statuses = report["statuses"]
    return {
        "flag_f1": {t: row["f1"] for t, row in report["flags"]["per_type"].items()},
        "flag_micro_f1": report["flags"]["micro"]["f1"],
        "contradiction_f1": {
            t: row["f1"] for t, row in report["contradictions"]["per_type"].items()
        },
        "contradiction_micro_f1": report["contradictions"]["micro"]["f1"],
        "verdict_balanced_accuracy": report["verdicts"]["balanced_accuracy"],
        "statuses_passed_fraction": statuses["passed"] / statuses["total"]
        if statuses["total"]
        else None,
    }


@pytest.mark.parametrize(
    ("file", "metric", "kind", "floor"),
    _floor_ids(),
    ids=[f"{f}:{m}" + (f":{k}" if k else "") for f, m, k, _ in _floor_ids()],
)
def test_figure_stays_at_or_above_its_floor(
    file: str, metric: str, kind: str | None, floor: float
) -> None:
    figure = _figures(file)[metric]
    if kind is not None:
        figure = figure.get(kind)

    assert figure is not None, f"{file}: {metric} {kind or ''} is no longer measured"
    assert figure >= floor, f"{file}: {metric} {kind or ''} is {figure:.3f}, floor {floor}"


def test_every_floor_names_a_cases_file_that_exists() -> None:
    assert all((EVAL / file).is_file() for file in FLOORS)
