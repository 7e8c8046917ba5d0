"""The store under test, on SQLite and on PostgreSQL (created and dropped per session)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.store import Database
from service.store.audit_key import AuditSecrets
from tests.store.postgres import postgres_url

TEST_KEY = b"a test audit key, never used outside tests"


def secrets(tmp_path: Path) -> AuditSecrets:
    return AuditSecrets(key=TEST_KEY, anchor_file=tmp_path / "audit-anchor.json")


def _sqlite(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path / 'store.sqlite3'}", secrets(tmp_path))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        db = _sqlite(tmp_path)
    else:
        db = Database(request.getfixturevalue("postgres_database"), secrets(tmp_path))
    db.migrate()
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    with postgres_url() as url:
        yield url
