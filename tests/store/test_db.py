"""Opening the store: migrations, SQLite settings, URL choice."""

from pathlib import Path

from sqlalchemy import inspect, text

from service.config import Settings
from service.store import Database, database_url


def test_migrations_create_every_table(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"articles", "review_items", "flag_decisions", "audit_entries", "api_keys"} <= tables


def test_migrating_twice_changes_nothing(database: Database) -> None:
    database.migrate()
    with database.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "0017_queue_counts"


def test_default_is_a_sqlite_file_under_data_dir(tmp_path: Path) -> None:
    url = database_url(Settings(data_dir=tmp_path / "data"))
    assert url == f"sqlite:///{tmp_path / 'data' / 'deskcheck.sqlite3'}"


def test_a_bare_postgresql_url_uses_psycopg_3() -> None:
    url = database_url(Settings(database_url="postgresql://u@db:5432/news"))
    assert url == "postgresql+psycopg://u@db:5432/news"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = Database(database_url(Settings(data_dir=tmp_path)))
    with db.engine.connect() as connection:
        mode = connection.execute(text("PRAGMA journal_mode")).scalar()
        keys = connection.execute(text("PRAGMA foreign_keys")).scalar()
        timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
    db.close()
    assert (mode, keys, timeout) == ("wal", 1, 5000)
