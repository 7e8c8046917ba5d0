"""The command line: JSON to stdout, errors to stderr with a non-zero exit."""

import json
from pathlib import Path

import pytest

from service.cli import main
from tests.conftest import SEEDS


def test_verify_fast_prints_the_report_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--mode", "fast", str(SEEDS / "001_100bbb814b795ab1.txt")])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["provenance"]["mode"] == "fast"
    assert report["counts"]["claims"] == len(report["claims"])


def test_empty_file_exits_2_with_the_error_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    code = main(["summarize", "--mode", "fast", str(empty)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert json.loads(captured.err)["error"] == "invalid_article"


def test_missing_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--mode", "fast", "/nonexistent/article.txt"])
    assert code == 2
    assert "/nonexistent/article.txt" in capsys.readouterr().err
