"""Migration 0009_gate on a store with reviewed items, SQLite and PostgreSQL: each item gets its
count of what remains (flags without a decision plus its newest report's contradictions), and
the queue generation's trigger then watches the new columns."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from service.store import Database
from service.store.migrate import upgrade
from tests.store.conftest import secrets
from tests.store.postgres import postgres_url

NOW = "2026-11-01 12:00:00+00:00"
REPORT = {"claims": [], "contradictions": [{"id": "x1"}, {"id": "x2"}]}
OLDER_REPORT = {"claims": [], "contradictions": [{"id": "x1"}, {"id": "x2"}, {"id": "x3"}]}


@pytest.fixture(params=["sqlite", "postgresql"])
def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A store at 0008 with one analysed item: three flags, one decided, and two reports."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}", secrets(tmp_path))
        yield from _filled(db)
        return
    with postgres_url() as url:
        yield from _filled(Database(url, secrets(tmp_path)))


def _filled(db: Database) -> Iterator[Database]:
    upgrade(db.engine, "0008")
    rows = [
        "INSERT INTO articles (id, text, sha256, created_at) VALUES ('a1', 'x', :sha, :now)",
        "INSERT INTO articles (id, text, sha256, created_at) VALUES ('a2', 'y', :sha, :now)",
        "INSERT INTO review_items (id, article_id, status, mode, max_points, analysis_state, "
        "attempts, flag_count, submitted_by, created_at, updated_at) VALUES "
        "('i1', 'a1', 'in_review', 'fast', 5, 'done', 1, 3, 'x', :now, :now), "
        "('i2', 'a2', 'pending', 'fast', 5, 'queued', 0, 0, 'x', :now, :now)",
        "INSERT INTO analyses (id, item_id, kind, result, provenance, created_at) VALUES "
        "(1, 'i1', 'verify', :older, '{}', :now), (2, 'i1', 'verify', :report, '{}', :now)",
        'INSERT INTO flags (id, item_id, claim_id, type, detector, start, "end", text, detail, '
        "version) VALUES (1, 'i1', 'c1', 'hedged', 'rule:x', 0, 1, 'x', '', 1), "
        "(2, 'i1', 'c1', 'hedged', 'rule:x', 0, 1, 'x', '', 0), "
        "(3, 'i1', 'c2', 'hedged', 'rule:x', 0, 1, 'x', '', 0)",
        "INSERT INTO flag_decisions (flag_id, item_id, decision, note, decided_by, decided_at) "
        "VALUES (1, 'i1', 'accept', '', 'x', :now)",
    ]
    values = {
        "sha": "0" * 64,
        "now": NOW,
        "report": json.dumps(REPORT),
        "older": json.dumps(OLDER_REPORT),
    }
    with db.engine.begin() as connection:
        for row in rows:
            connection.execute(text(row), values)
    try:
        yield db
    finally:
        db.close()


def test_each_item_gets_its_count_of_what_remains(old_store: Database) -> None:
    old_store.migrate()
    with old_store.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, undecided_count FROM review_items"))
        counts = {item_id: count for item_id, count in rows}
        overrides = connection.execute(text("SELECT gate_override FROM review_items")).scalars()
        assert set(overrides) == {None}
    # Two flags undecided, and the newest report's two contradictions (not the older three).
    assert counts == {"i1": 4, "i2": 0}


def test_the_new_columns_advance_the_queue_generation(old_store: Database) -> None:
    old_store.migrate()
    for column in ("undecided_count", "gate_override"):
        with old_store.engine.begin() as connection:
            before = connection.execute(text("SELECT value FROM queue_generation")).scalar_one()
        with old_store.engine.begin() as connection:
            connection.execute(text(f"UPDATE review_items SET {column} = {column}"))
        with old_store.engine.begin() as connection:
            after = connection.execute(text("SELECT value FROM queue_generation")).scalar_one()
        assert after > before, column
