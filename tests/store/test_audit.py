"""The audit trail: appended in a chain, verified, and tampering found."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from service.store import Database, append_audit, verify_chain
from service.store.audit import AuditEvent
from service.store.models import AuditEntry


def _append(db: Database, count: int) -> None:
    for n in range(count):
        with db.session() as session:
            append_audit(session, AuditEvent("alice", "test", f"item:{n}", None, {"n": n}))


def _drop_guards(db: Database) -> None:
    """What an intruder with DDL rights would do first."""
    with db.engine.begin() as connection:
        if db.embedded:
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
            connection.execute(text("DROP TRIGGER audit_entries_no_delete"))
        else:
            connection.execute(text("DROP TRIGGER audit_entries_append_only ON audit_entries"))


def test_appended_entries_form_an_intact_chain(database: Database) -> None:
    _append(database, 3)
    with database.session() as session:
        entries = list(session.query(AuditEntry).order_by(AuditEntry.seq))
        assert [e.seq for e in entries] == [1, 2, 3]
        assert entries[1].prev_hash == entries[0].hash
        assert verify_chain(session) == []


def test_the_database_refuses_to_update_an_audit_row(database: Database) -> None:
    _append(database, 1)
    with (
        database.engine.connect() as connection,
        pytest.raises(DBAPIError, match="append-only"),
    ):
        connection.execute(text("UPDATE audit_entries SET actor = 'mallory'"))


def test_an_edited_row_breaks_the_chain(database: Database) -> None:
    _append(database, 3)
    _drop_guards(database)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2"))
    with database.session() as session:
        breaks = verify_chain(session)
    assert [b.seq for b in breaks] == [2]
    assert "content" in breaks[0].reason


def test_a_deleted_newest_row_breaks_the_chain(database: Database) -> None:
    _append(database, 3)
    _drop_guards(database)
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries WHERE seq = 3"))
    with database.session() as session:
        assert "missing" in verify_chain(session)[0].reason
