"""Alembic, run programmatically: the migrations ship inside the package, so a wheel works."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Any fixed number: every deskcheck process migrating one PostgreSQL database takes this lock.
_POSTGRES_LOCK_KEY = 0x6465736B  # "desk"
# How long a process waits for another's migration of the same SQLite file (a big store's
# migration can take minutes); then it fails with "database is locked".
_SQLITE_WAIT_MS = 300_000


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the store to `revision` in one transaction, one process at a time.

    Several processes open a fresh store at once (`serve --workers N`, replicas and workers
    started together): without the lock each sees no schema and creates it, and all but one
    fail. With it, the first migrates and the rest wait, then find the schema current. A store
    already current takes no lock, so starting on a read-only copy still works."""
    if revision == "head" and _is_current(engine):
        return
    with engine.connect() as connection:
        try:
            with connection.begin():
                _take_migration_lock(connection)
                command.upgrade(alembic_config(connection), revision)
                _refuse_dangling_references(connection)
        finally:
            if connection.dialect.name == "sqlite":
                # Set up for migrating (no foreign-key enforcement, a long wait): not to be
                # reused; the store's next connection gets its usual settings.
                connection.invalidate()


def _is_current(engine: Engine) -> bool:
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def _take_migration_lock(connection: Connection) -> None:
    """Held until the transaction ends. On PostgreSQL, an advisory lock; on SQLite, the write
    lock itself (`BEGIN IMMEDIATE`), which also makes the whole migration one transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_WAIT_MS}")
        # SQLite alters a table by copying it and dropping the original; with foreign keys
        # enforced, dropping `review_items` while analyses point at it fails. The pragma only
        # takes effect outside a transaction, so before BEGIN; the references are checked
        # before the commit instead.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _refuse_dangling_references(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL enforced them throughout
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if dangling:
        raise RuntimeError(
            f"the migration would leave {len(dangling)} row(s) pointing at missing rows "
            f"(first: {tuple(dangling[0])}); nothing was changed"
        )
