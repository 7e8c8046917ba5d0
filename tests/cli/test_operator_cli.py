"""The command line as an operator meets it: quiet, described, and naming what it serves."""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.cli import _parser
from service.llm.embedded import free_loopback_port
from tests.served import ROOT, wait_until_up


def deskcheck(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), "DESKCHECK_DATA_DIR": str(data_dir), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_commands_print_no_migration_lines(tmp_path: Path) -> None:
    """The first command on a new store migrates it, silently."""
    result = deskcheck("keys", "list", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "INFO" not in result.stderr and "alembic" not in result.stderr
    assert (tmp_path / "deskcheck.sqlite3").exists()  # the store was made, and migrated


@pytest.mark.parametrize(
    "command",
    [
        ("audit", "verify"),
        ("verify", "--mode", "fast", str(ROOT / "seeds/articles/001_100bbb814b795ab1.txt")),
    ],
    ids=["audit verify", "verify --mode fast"],
)
def test_other_commands_write_nothing_but_their_output(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    result = deskcheck(*command, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_verbose_shows_the_migration_lines(tmp_path: Path) -> None:
    result = deskcheck("--verbose", "keys", "list", data_dir=tmp_path)
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert result.returncode == 0, result.stderr
    assert any(line["logger"].startswith("alembic") and line["level"] == "INFO" for line in lines)


def _commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command and nested command (`keys create`), as argument lists."""
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found += _commands(sub, (*prefix, name))
    return found


COMMANDS = _commands(_parser())


def test_every_command_is_listed() -> None:
    names = {command[0] for command in COMMANDS}
    assert {"serve", "worker", "batch", "keys", "audit", "eval", "openapi"} <= names
    assert ("keys", "create") in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_a_description(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        _parser().parse_args([*command, "--help"])
    text = capsys.readouterr().out
    assert exit_.value.code == 0
    description = text.split("\n\n")[1]  # after the usage paragraph
    assert not description.startswith(("positional", "options")), text
    assert len(description.split()) >= 4, text


def test_serve_names_the_address_it_binds_and_logs_each_request_once(tmp_path: Path) -> None:
    port = free_loopback_port()
    env = {
        "PYTHONPATH": str(ROOT),
        "DESKCHECK_DATA_DIR": str(tmp_path),
        "DESKCHECK_LLM_BASE_URL": "http://127.0.0.1:9/v1",  # nothing answers: fast mode only
        "DESKCHECK_LLM_MODEL": "none",
        "DESKCHECK_EMBEDDED_WORKERS": "0",
        "DESKCHECK_EVIDENCE_POOL": "thread",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env={**os.environ, **env},
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server)  # type: ignore[arg-type]
        with urllib.request.urlopen(url + "/healthz?probe=1", timeout=5) as response:
            request_id = response.headers["X-Request-ID"]
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert f"Open {url}/desk/ and log in" in stderr
    assert ":8000" not in stderr
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert [line["logger"] for line in mine] == ["deskcheck.access"]
    assert mine[0]["path"] == "/healthz" and mine[0]["status"] == 200
    assert "GET /healthz?probe=1 HTTP/1.1" not in stderr  # uvicorn's own access line


def test_serve_with_workers_sums_every_workers_metrics(tmp_path: Path) -> None:
    port = free_loopback_port()
    env = {
        "DESKCHECK_DATA_DIR": str(tmp_path),
        "DESKCHECK_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "DESKCHECK_LLM_MODEL": "none",
        "DESKCHECK_EMBEDDED_WORKERS": "0",
        "DESKCHECK_EVIDENCE_POOL": "thread",
        "DESKCHECK_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server)
        _until_every_worker_answers(url)
        for _ in range(12):  # a connection each: the kernel spreads them over both workers
            _expect_readyz_503(url)
        scrapes = [_readyz_count(url) for _ in range(4)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert scrapes == [12.0] * 4  # whichever worker answers the scrape counts every worker's


def _until_every_worker_answers(url: str) -> None:
    """Twenty answers in a row on fresh connections: both workers are serving, not starting.

    The shared socket accepts before a worker has finished importing the app, and one the
    supervisor restarts meanwhile resets what it had accepted; /healthz keeps /readyz's count
    clean."""
    deadline, answered = time.monotonic() + 120, 0
    while answered < 20:
        assert time.monotonic() < deadline, "the workers did not both start within 120 s"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=60):
                answered += 1
        except OSError:  # reset, timed out, or not accepted yet
            answered = 0
            time.sleep(0.5)


def _expect_readyz_503(url: str) -> None:
    with pytest.raises(urllib.error.HTTPError, match="503"):  # no model answers
        urllib.request.urlopen(url + "/readyz", timeout=60)


def _readyz_count(url: str) -> float:
    with urllib.request.urlopen(url + "/metrics", timeout=60) as response:
        text = response.read().decode()
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "deskcheck_http_requests_total" and sample.labels["route"] == "/readyz"
    )


def test_a_worker_serves_its_model_call_metrics(tmp_path: Path) -> None:
    """Model calls a separate worker makes are counted in its process: it serves them."""
    port = free_loopback_port()
    env = {
        "DESKCHECK_DATA_DIR": str(tmp_path),
        "DESKCHECK_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "DESKCHECK_LLM_MODEL": "none",
        "DESKCHECK_LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "worker", "--metrics-port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        scraped = _scrape_when_up(f"http://127.0.0.1:{port}/metrics", worker)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    families = {family.name: family for family in text_string_to_metric_families(scraped)}
    assert families["deskcheck_model_calls"].type == "counter"
    assert families["deskcheck_model_tokens"].type == "counter"


@pytest.mark.parametrize("given", ["http", "0", "host:99999", "127.0.0.1:"])
def test_a_bad_metrics_port_is_refused_with_what_to_give(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        _parser().parse_args(["worker", "--metrics-port", given])
    assert exited.value.code == 2
    assert "give PORT (1-65535), or HOST:PORT" in capsys.readouterr().err


def test_a_metrics_port_alone_is_on_the_loopback_address() -> None:
    assert _parser().parse_args(["worker", "--metrics-port", "9101"]).metrics_port == (
        "127.0.0.1",
        9101,
    )
    assert _parser().parse_args(["worker", "--metrics-port", "0.0.0.0:9101"]).metrics_port == (
        "0.0.0.0",
        9101,
    )


def _scrape_when_up(url: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the worker exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode())
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url} within 60 s")


def test_an_operator_command_imports_only_its_own_modules() -> None:
    """`deskcheck batch` parses its line without the eval harness or the model seam: the openai
    SDK alone is most of a second of a command's cold start."""
    probe = (
        "import sys; from service.cli import _parser; "
        "_parser('batch').parse_args(['batch', 'articles.jsonl']); "
        "print(sorted(m for m in ('openai', 'instructor', 'service.eval.run', 'fastapi') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_help_lists_every_command() -> None:
    """Loading only the command asked for never hides one from the list."""
    listed = _parser(None).format_help()
    for command in ("serve", "verify", "eval", "keys", "accounts", "audit", "worker", "batch"):
        assert command in listed
