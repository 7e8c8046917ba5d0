"""The logging set-up every deskcheck process uses."""

import contextlib
import io
import json
import logging
import logging.config

import pytest

from service.cli import main
from tests.observability.logs import configured


@pytest.mark.usefixtures("restore_logging")
def test_text_lines_carry_the_request_id_too(capsys: pytest.CaptureFixture[str]) -> None:
    configured("INFO", "text")
    logging.getLogger("service.test").info("hello", extra={"request_id": "req-9"})
    assert capsys.readouterr().err.rstrip().endswith("INFO    service.test: hello [req req-9]")


@pytest.mark.usefixtures("restore_logging")
def test_records_follow_stderr_when_it_is_swapped(capsys: pytest.CaptureFixture[str]) -> None:
    configured("INFO", "json")
    swapped = io.StringIO()
    with contextlib.redirect_stderr(swapped):
        logging.getLogger("service.test").warning("to the new stderr")
    assert json.loads(swapped.getvalue())["message"] == "to the new stderr"
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize(
    ("level", "verbose", "shown"),
    [("INFO", False, False), ("INFO", True, True), ("DEBUG", False, True)],
)
def test_migration_lines_show_only_when_asked(
    level: str, verbose: bool, shown: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    configured(level, "json", verbose)
    logging.getLogger("alembic.runtime.migration").info("Context impl SQLiteImpl.")
    logging.getLogger("alembic.runtime.migration").warning("a real problem")
    written = capsys.readouterr().err
    assert ("Context impl" in written) is shown
    assert "a real problem" in written


@pytest.mark.usefixtures("restore_logging")
def test_a_bad_log_level_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.config import get_settings

    monkeypatch.setenv("DESKCHECK_LOG_LEVEL", "LOUD")
    get_settings.cache_clear()
    try:
        code = main(["keys", "list"])
    finally:
        get_settings.cache_clear()
    assert code == 2
    assert "DESKCHECK_LOG_LEVEL" in capsys.readouterr().err
