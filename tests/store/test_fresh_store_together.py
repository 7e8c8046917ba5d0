"""Processes opening one fresh store at the same moment (`serve --workers N`, replicas and
workers started together by a compose file) all start: one migrates, the others wait for it,
one prints the first admin key, and all share one audit key.

Before the migration lock, two processes failed together on every try: "table ... already
exists" or "database is locked" on SQLite, a duplicate `alembic_version` on PostgreSQL."""

import hashlib
import io
import multiprocessing
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from service.config import Settings
from service.review.lifecycle import open_store
from service.store.migrate import alembic_config
from tests.store.postgres import postgres_url

PROCESSES = 4


def _open(settings: dict[str, Any], start: Any, results: Any) -> None:
    """One process starting: open (connect, migrate, first key) and report what it saw."""
    start.wait()
    printed = io.StringIO()
    try:
        with redirect_stderr(printed):
            database = open_store(Settings(**settings))
        key = database.audit.key or b""
        database.close()
        results.put(("started", hashlib.sha256(key).hexdigest(), printed.getvalue()))
    except Exception as error:  # reported to the test, which names it
        results.put(("failed", f"{type(error).__name__}: {error}", printed.getvalue()))


def _start_together(settings: dict[str, Any]) -> list[tuple[str, str, str]]:
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter each, as uvicorn does
    start, results = spawn.Barrier(PROCESSES), spawn.Queue()
    processes = [
        spawn.Process(target=_open, args=(settings, start, results)) for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return outcomes


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    settings: dict[str, Any] = {"data_dir": str(tmp_path)}
    if request.param == "sqlite":
        yield settings
        return
    with postgres_url() as url:
        yield {**settings, "database_url": url}


def test_processes_opening_a_fresh_store_together_all_start(fresh_store: dict[str, Any]) -> None:
    outcomes = _start_together(fresh_store)
    failures = [detail for state, detail, _ in outcomes if state != "started"]
    assert failures == []
    assert sum("created the first admin key" in printed for *_, printed in outcomes) == 1
    assert len({audit_key for _, audit_key, _ in outcomes}) == 1  # one trail, one key
    assert Path(fresh_store["data_dir"], "audit.key").read_text().strip()
    assert _revisions(fresh_store) == [
        ScriptDirectory.from_config(alembic_config()).get_current_head()
    ]


def _revisions(settings: dict[str, Any]) -> list[str]:
    database = open_store(Settings(**settings))
    try:
        with database.engine.connect() as connection:
            return list(
                connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
    finally:
        database.close()
