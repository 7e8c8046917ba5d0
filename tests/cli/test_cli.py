"""The command line: JSON to stdout, errors to stderr with a non-zero exit."""

import json
import logging
from pathlib import Path

import pytest

from service.cli import _warn_if_rate_limit_per_process, main
from service.config import Settings
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


@pytest.mark.parametrize(
    ("workers", "storage", "warned"),
    [(2, None, True), (1, None, False), (2, "redis://127.0.0.1:6379", False)],
)
def test_serve_warns_when_workers_each_count_the_model_rate_limit(
    workers: int, storage: str | None, warned: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """In memory every worker process counts alone: a key gets workers x the limit."""
    settings = Settings(model_rate_limit="30/minute", model_rate_limit_storage=storage)
    with caplog.at_level(logging.WARNING, logger="service.cli"):
        _warn_if_rate_limit_per_process(settings, workers)
    said = [r.getMessage() for r in caplog.records if r.name == "service.cli"]
    if warned:
        assert said == [
            "DESKCHECK_MODEL_RATE_LIMIT=30/minute is counted in memory by each of the 2 worker "
            "processes, so a key gets up to 2 times that; set DESKCHECK_MODEL_RATE_LIMIT_STORAGE "
            "to a Redis URL to share one count"
        ]
    else:
        assert said == []
