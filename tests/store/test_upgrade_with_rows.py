"""A SQLite store with reviewed items upgrades across migrations that rebuild `review_items`.

SQLite alters a table by copying it into a new one and dropping the old. With foreign keys
enforced, dropping `review_items` while analyses point at it failed ("FOREIGN KEY constraint
failed"), so a store from before 0005 holding any analysed item could not start."""

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from service.store import Database
from service.store.migrate import alembic_config, upgrade
from tests.store.conftest import secrets

NOW = "2026-11-01 12:00:00.000000"


def _store_at_0004_with_an_analysed_item(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}", secrets(tmp_path))
    upgrade(db.engine, "0004")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, text, sha256, created_at) "
                "VALUES ('a1', 'The council approved the budget.', :sha, :now)"
            ),
            {"sha": "0" * 64, "now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO review_items (id, article_id, status, mode, max_points, "
                "analysis_state, attempts, flag_count, submitted_by, created_at, updated_at) "
                "VALUES ('i1', 'a1', 'pending', 'fast', 5, 'done', 1, 0, 'x', :now, :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO analyses (item_id, kind, result, provenance, created_at) "
                "VALUES ('i1', 'verify', '{}', '{}', :now)"
            ),
            {"now": NOW},
        )
    return db


def test_a_store_with_analysed_items_upgrades_and_keeps_them(tmp_path: Path) -> None:
    db = _store_at_0004_with_an_analysed_item(tmp_path)
    try:
        db.migrate()
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            items = connection.execute(text("SELECT id, article_id FROM review_items")).all()
            analyses = connection.execute(text("SELECT item_id FROM analyses")).scalars().all()
            dangling = connection.execute(text("PRAGMA foreign_key_check")).all()
            enforced = connection.execute(text("PRAGMA foreign_keys")).scalar()
    finally:
        db.close()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert [tuple(row) for row in items] == [("i1", "a1")]
    assert analyses == ["i1"]
    assert dangling == []
    assert enforced == 1  # the store's connections enforce foreign keys again afterwards
