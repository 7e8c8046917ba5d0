"""Engine and sessions: SQLite under data_dir by default, PostgreSQL when a URL is configured."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker
from tenacity import retry, retry_if_exception, stop_after_delay, wait_random

from service.config import Settings
from service.store import anchor
from service.store.audit import APPENDED, SECRETS
from service.store.audit_key import AuditSecrets, audit_secrets
from service.store.migrate import upgrade
from service.store.models import AuditHead

_SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout=5000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


def database_url(settings: Settings) -> str:
    """The configured URL, with a bare `postgresql://` mapped to the psycopg 3 driver."""
    if settings.database_url:
        url = settings.database_url
        for bare in ("postgresql://", "postgres://"):
            if url.startswith(bare):
                return "postgresql+psycopg://" + url.removeprefix(bare)
        return url
    return f"sqlite:///{(Path(settings.data_dir) / 'deskcheck.sqlite3').resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cursor.execute(pragma)
    _enter_wal(cursor)
    cursor.close()


def _locked(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


@retry(
    retry=retry_if_exception(_locked),
    wait=wait_random(0.05, 0.25),
    stop=stop_after_delay(30),
    reraise=True,
)
def _enter_wal(cursor: sqlite3.Cursor) -> None:
    """Switching a new file to WAL takes an exclusive lock and does not wait for it (SQLite's
    busy timeout does not cover it): processes opening a fresh store together retry instead.
    Once a file is in WAL mode it stays so, and this returns at once."""
    cursor.execute("PRAGMA journal_mode=WAL")


class Database:
    """One engine and its session factory, migrated to the newest schema on open.

    `audit`: the audit key and anchor file every session carries (see service.store.audit).
    Without it, the store can be read and its audit trail verified where it is unkeyed, but
    nothing can be appended to the trail.
    """

    def __init__(self, url: str, audit: AuditSecrets | None = None) -> None:
        self.url = url
        self.audit = audit or AuditSecrets(key=None)
        self.engine = make_engine(url)
        self.sessions = sessionmaker(
            self.engine, expire_on_commit=False, info={SECRETS: self.audit}
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, create_key: bool = True) -> "Database":
        """`create_key` False: use an existing audit key only (verifying must not invent one)."""
        return cls(database_url(settings), audit_secrets(settings, create=create_key))

    @property
    def embedded(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def migrate(self) -> None:
        upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self.sessions() as session:
            with session.begin():
                yield session
            appended = session.info.pop(APPENDED, None)
            if appended is not None:
                self._advance_anchor(session, *appended)

    def save_anchor(self) -> None:
        """Remember how far the audit chain reaches now (on start: pins rows written before)."""
        with self.sessions() as session:
            with session.begin():
                head = session.execute(select(AuditHead.seq, AuditHead.last_hash)).one()
            self._advance_anchor(session, head.seq, head.last_hash)

    def _advance_anchor(self, session: Session, seq: int, head_hash: str) -> None:
        """Write the automatic anchor; after the commit that appended, never before.

        An anchor to a row that was then rolled back would be a false alarm. The cost is one
        small file replaced per appending unit of work (see README, "Audit trail").
        """
        key, path = self.audit.key, self.audit.anchor_file
        if key is None or path is None:
            return
        with session.begin():
            anchor.advance(path, session, anchor.sign(key, seq, head_hash))

    def close(self) -> None:
        self.engine.dispose()
