"""`deskcheck eval` tells a public dataset from a cases file and prints its figures as JSON."""

import argparse
import json
from pathlib import Path

import pytest

from service.eval.datasets import detect_format
from service.eval.run_eval import run_eval

ROOT = Path(__file__).resolve().parents[2]


def _args(path: Path, **extra: object) -> argparse.Namespace:
    fields = {
        "files": [path],
        "mode": "fast",
        "only_type": None,
        "show_misses": False,
        "json": True,
        "format": "auto",
        "limit": None,
        **extra,
    }
    return argparse.Namespace(**fields)


def _summedits(tmp_path: Path) -> Path:
    item = {"doc": "The fair opens on Friday.", "summary": "The fair opens Friday.", "label": 1}
    path = tmp_path / "summedits_fair.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    return path


def test_a_cases_file_is_not_a_public_format() -> None:
    assert detect_format(ROOT / "eval" / "cases.jsonl") is None


def test_a_summedits_file_and_its_folder_are_detected(tmp_path: Path) -> None:
    path = _summedits(tmp_path)

    assert (detect_format(path), detect_format(tmp_path)) == ("summedits", "summedits")


def test_json_output_carries_figures_with_their_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_eval(_args(_summedits(tmp_path))) == 0

    report = json.loads(capsys.readouterr().out)
    (first, *_) = report["sections"]["summary consistency (SummEdits)"]
    assert report["format"] == "summedits"
    assert first["over"] == 1
    assert report["timing_ms"]["articles"] == 1


def test_a_public_dataset_other_than_realsumm_in_full_mode_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_eval(_args(_summedits(tmp_path), mode="full")) == 2
    assert "fast mode" in capsys.readouterr().err
