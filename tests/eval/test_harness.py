"""The harness end to end in fast mode, over the labeled cases and the seed properties files.

No quality figures are asserted: the detectors are being rewritten, and these tests are about
the harness completing and reporting what the labels hold.
"""

import argparse
from pathlib import Path
from typing import get_args

import pytest

from schemas.verify import FlagType
from service.config import Settings
from service.eval.evaluate import evaluate
from service.eval.load import load_any, load_cases
from service.eval.report import as_json
from service.eval.run import run_cases
from service.eval.run_eval import run_eval
from service.evidence.flag_types import types_with

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "eval" / "cases.jsonl"
SEED_PROPERTIES = sorted((ROOT / "seeds" / "articles").glob("*.expected.json"))


def test_fast_mode_run_reports_every_flag_type_in_the_labels() -> None:
    cases = load_cases(CASES)

    report = as_json(evaluate(run_cases(cases, "fast", Settings())), "fast", False)

    labeled = {flag.type for case in cases for flag in case.flags}
    assert report["cases"] == len(cases)
    assert labeled <= set(report["flags"]["per_type"])
    assert report["errors"] == []
    assert report["timing_ms"]["mean"] is not None


def test_the_labels_cover_the_whole_flag_vocabulary() -> None:
    labeled = {flag.type for case in load_cases(CASES) for flag in case.flags}

    # an editor's mark (`attribution_cue`) is no output of the desk's: nothing to label
    assert labeled == set(get_args(FlagType)) - types_with("none")


def test_the_labels_cover_every_summary_verdict() -> None:
    verdicts = {v for case in load_cases(CASES) for v in case.verdicts or ()}

    assert verdicts == {"consistent", "inconsistent", "unsupported"}


@pytest.mark.parametrize("path", SEED_PROPERTIES, ids=lambda p: p.name)
def test_each_seed_properties_file_loads_and_runs(path: Path) -> None:
    (case,) = load_any(path)

    (outcome,) = run_cases([case], "fast", Settings())

    assert case.flags
    assert outcome.error is None


def test_a_malformed_case_file_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"id": "x", "article": "Short text.", "bogus": 1}\n', encoding="utf-8")
    args = argparse.Namespace(
        files=[path], mode="fast", only_type=None, show_misses=False, json=False
    )

    assert run_eval(args) == 2
    assert f"{path}:1, field bogus" in capsys.readouterr().err
