"""What every tamper test shares: the desk's own store on SQLite and on PostgreSQL, the CLI
pointed at it, a rewrite with the append-only triggers dropped, and `audit verify`'s answer.

Each test module fills the store through the API with the rows it tampers with, so the rows
are the real ones and only their bindings can tell.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from service.cli import main
from service.config import get_settings
from service.store import Database
from tests.desk import Desk, running_desk

BACKENDS = ["sqlite", "postgresql"]
"""The `params` of each module's store fixture: every tamper case runs on both stores."""


@contextmanager
def desk_on_store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Desk]:
    """A running desk on the store `request.param` names, with the CLI's settings pointed at
    the same store and data directory."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_database")
    monkeypatch.setenv("DESKCHECK_DATA_DIR", str(tmp_path))
    if url is not None:
        monkeypatch.setenv("DESKCHECK_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        with running_desk(tmp_path, url) as desk:
            yield desk
    finally:
        get_settings.cache_clear()


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`deskcheck audit verify ARGS`: its exit code and everything it printed."""
    code = main(["audit", "verify", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def database(desk: Desk) -> Database:
    return desk.services.database


def tamper(desk: Desk, *statements: str) -> None:
    """Run `statements` as someone with database access would: the append-only triggers of the
    audit trail dropped first."""
    db = database(desk)
    with db.engine.begin() as connection:
        if db.embedded:
            connection.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_delete"))
        else:
            connection.execute(
                text("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
            )
        for statement in statements:
            connection.execute(text(statement))


def last_seq(desk: Desk, action: str) -> int:
    """The seq of the newest audit event of `action`."""
    with database(desk).session() as session:
        seq: int = session.execute(
            text("SELECT max(seq) FROM audit_entries WHERE action = :a"), {"a": action}
        ).scalar_one()
        return seq
