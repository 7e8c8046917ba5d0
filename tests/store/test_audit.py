"""The audit trail: appended in a keyed chain, verified, tampering found, anchors kept."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, insert, text
from sqlalchemy.exc import DBAPIError

from service.config import Settings
from service.store import Database, append_audit, verify_chain
from service.store import anchor as anchors
from service.store.audit import PLAIN, AuditEvent, AuditKeyMissing, entry_hash
from service.store.audit_key import AuditSecrets, audit_key
from service.store.migrate import upgrade
from service.store.models import AuditEntry
from tests.store.conftest import TEST_KEY, secrets


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


def _breaks(db: Database) -> list[tuple[int, str]]:
    with db.session() as session:
        return [(b.seq, b.reason) for b in verify_chain(session)]


def test_appended_entries_form_an_intact_keyed_chain(database: Database) -> None:
    _append(database, 3)
    with database.session() as session:
        entries = list(session.query(AuditEntry).order_by(AuditEntry.seq))
        assert [e.seq for e in entries] == [1, 2, 3]
        assert entries[1].prev_hash == entries[0].hash
        assert {e.hash_scheme for e in entries} == {"hmac-sha256"}
        assert verify_chain(session) == []


def test_a_keyed_hash_is_not_the_plain_sha256_of_the_row(database: Database) -> None:
    _append(database, 1)
    with database.session() as session:
        entry = session.get_one(AuditEntry, 1)
        entry.hash_scheme = PLAIN  # only in memory: what recomputing without the key would give
        plain = entry_hash(entry, None)
        session.expunge(entry)
        assert plain != session.get_one(AuditEntry, 1).hash


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
    [(seq, reason)] = _breaks(database)
    assert seq == 2
    assert "content" in reason


def test_a_deleted_newest_row_breaks_the_chain(database: Database) -> None:
    _append(database, 3)
    _drop_guards(database)
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries WHERE seq = 3"))
    assert "missing" in _breaks(database)[0][1]


def test_rows_written_before_keying_still_verify_as_the_oldest_part(database: Database) -> None:
    """A store from before migration 0004: its plain rows verify, keyed rows follow them."""
    _append(database, 2)
    _rehash(database, from_seq=1, scheme=PLAIN)  # what 0001-0002 wrote: plain SHA-256
    _append(database, 2)
    with database.session() as session:
        schemes = [e.hash_scheme for e in session.query(AuditEntry).order_by(AuditEntry.seq)]
    assert schemes == ["sha256", "sha256", "hmac-sha256", "hmac-sha256"]
    assert _breaks(database) == []


def test_a_plain_row_after_keyed_rows_is_a_rewrite(database: Database) -> None:
    _append(database, 3)
    _rehash(database, from_seq=2, scheme=PLAIN)
    breaks = _breaks(database)
    assert [seq for seq, _ in breaks] == [2, 3]
    assert all("plain-hashed row after keyed rows" in reason for _, reason in breaks)


def test_appending_without_a_key_is_refused(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'keyless.sqlite3'}")
    db.migrate()
    with pytest.raises(AuditKeyMissing), db.session() as session:
        append_audit(session, AuditEvent("alice", "test", "item:1"))
    db.close()


def test_each_append_moves_the_automatic_anchor_to_the_head(database: Database) -> None:
    _append(database, 3)
    path = database.audit.anchor_file
    assert path is not None
    anchor = anchors.load(path, TEST_KEY)
    with database.session() as session:
        assert (anchor.seq, anchor.hash) == (3, session.get_one(AuditEntry, 3).hash)


def test_the_anchor_is_not_moved_past_a_truncation(database: Database) -> None:
    """Truncate, then append again: the anchor keeps pointing at the row that vanished."""
    _append(database, 3)
    _drop_guards(database)
    _truncate(database, keep=1)
    _append(database, 4)
    path = database.audit.anchor_file
    assert path is not None
    kept = anchors.load(path, TEST_KEY)
    with database.session() as session:
        [broken] = verify_chain(session, [kept])
    assert (kept.seq, broken.seq) == (3, 3)
    assert "not the row the anchor" in broken.reason


def test_an_edited_anchor_is_refused(database: Database) -> None:
    _append(database, 2)
    path = database.audit.anchor_file
    assert path is not None
    raw = json.loads(path.read_text())
    path.write_text(json.dumps({**raw, "seq": 1}))
    with pytest.raises(anchors.AnchorError, match="not signed"):
        anchors.load(path, TEST_KEY)


def test_the_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert audit_key(settings, create=False) is None
    first = audit_key(settings, create=True)
    assert first is not None and len(first) == 64
    assert os.stat(tmp_path / "audit.key").st_mode & 0o777 == 0o600
    assert audit_key(settings, create=True) == first


def test_a_configured_key_wins_over_the_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, audit_key="k" * 40)
    assert audit_key(settings, create=True) == b"k" * 40
    assert not (tmp_path / "audit.key").exists()


def test_a_store_opened_without_the_key_cannot_check_keyed_rows(
    database: Database, tmp_path: Path
) -> None:
    _append(database, 1)
    keyless = Database(database.url, AuditSecrets(key=None))
    with keyless.session() as session:
        [broken] = verify_chain(session)
    keyless.close()
    assert "no audit key" in broken.reason and broken.seq == 1


def _rehash(db: Database, from_seq: int, scheme: str) -> None:
    """Rewrite the chain from a row on with plain SHA-256: all anyone without the key can do."""
    _drop_guards(db)
    with db.session() as session:
        rows = list(session.query(AuditEntry).order_by(AuditEntry.seq))
        previous = rows[from_seq - 2].hash if from_seq > 1 else "0" * 64
        for row in rows[from_seq - 1 :]:
            row.hash_scheme, row.prev_hash = scheme, previous
            row.hash = previous = entry_hash(row, None)
        session.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": previous})


def _truncate(db: Database, keep: int) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries WHERE seq > :k"), {"k": keep})
        kept = connection.execute(
            text("SELECT hash FROM audit_entries WHERE seq = :k"), {"k": keep}
        ).scalar_one()
        connection.execute(
            text("UPDATE audit_head SET seq = :k, last_hash = :h"), {"k": keep, "h": kept}
        )


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_store_from_before_0004_keeps_verifying_after_the_upgrade(
    tmp_path: Path, request: pytest.FixtureRequest, kind: str
) -> None:
    """Rows the old code wrote (plain SHA-256, no hash_scheme column) verify after migrating;
    rows appended afterwards are keyed; the append-only triggers survive the migration."""
    url = (
        f"sqlite:///{tmp_path / 'old.sqlite3'}"
        if kind == "sqlite"
        else request.getfixturevalue("postgres_database")
    )
    db = Database(url, secrets(tmp_path))
    upgrade(db.engine, "0002")
    with db.engine.begin() as connection:
        _write_like_0002(connection, rows=3)
    db.migrate()
    _append(db, 2)
    with db.session() as session:
        schemes = [e.hash_scheme for e in session.query(AuditEntry).order_by(AuditEntry.seq)]
        assert verify_chain(session) == []
    with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text("DELETE FROM audit_entries"))
    db.close()
    assert schemes == ["sha256"] * 3 + ["hmac-sha256"] * 2


def _write_like_0002(connection: Connection, rows: int) -> None:
    """What append_audit wrote before 0004: the plain hash of the same fields."""
    previous, written = "0" * 64, []
    for seq in range(1, rows + 1):
        row = AuditEntry(
            seq=seq,
            at=datetime(2026, 11, 20, 12, seq, tzinfo=UTC),
            actor="alice",
            action="item.submitted",
            target=f"item:{seq}",
            before_digest=None,
            after_digest=None,
            request_id=None,
            detail="",
            prev_hash=previous,
            hash_scheme=PLAIN,
        )
        row.hash = previous = entry_hash(row, None)
        columns = ("seq", "at", "actor", "action", "target", "detail", "prev_hash", "hash")
        written.append({name: getattr(row, name) for name in columns})
    table = AuditEntry.metadata.tables["audit_entries"]
    connection.execute(insert(table), written)  # no hash_scheme column yet
    connection.execute(
        text("UPDATE audit_head SET seq = :s, last_hash = :h"), {"s": rows, "h": previous}
    )
