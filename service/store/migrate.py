"""Alembic, run programmatically: the migrations ship inside the package, so a wheel works."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Any fixed number: every deskcheck process migrating one PostgreSQL database takes this lock.
_POSTGRES_LOCK_KEY = 0x6465736B  # "desk"
# How long a process waits for another's migration of the same SQLite file (a big store's
# migration can take minutes); then it fails with "database is locked".
_SQLITE_WAIT_MS = 300_000
_SQLITE_BUSY_MS = 5_000  # the store's usual wait, restored afterwards (see service.store.db)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate inside `connection`'s transaction, one process at a time.

    Several processes open a fresh store at once (`serve --workers N`, replicas and workers
    started together): without the lock each sees no schema and creates it, and all but one
    fail. With it, the first migrates and the rest wait, then find the schema current."""
    _take_migration_lock(connection)
    try:
        command.upgrade(alembic_config(connection), revision)
    finally:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")


def _take_migration_lock(connection: Connection) -> None:
    """Held until the transaction ends. On PostgreSQL, an advisory lock; on SQLite, the write
    lock itself (`BEGIN IMMEDIATE`), which also makes the whole migration one transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_WAIT_MS}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
