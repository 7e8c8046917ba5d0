"""The store under test, on SQLite and on PostgreSQL (created and dropped per session)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.store import Database
from tests.store.postgres import postgres_url


def _sqlite(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path / 'store.sqlite3'}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        db = _sqlite(tmp_path)
    else:
        db = Database(request.getfixturevalue("postgres_database"))
    db.migrate()
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    with postgres_url() as url:
        yield url
