"""`deskcheck audit verify`: exit 0 on an intact chain, 1 on a broken one."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from service.cli import main
from service.config import Settings, get_settings
from service.store import Database, append_audit
from service.store.audit import AuditEvent


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("DESKCHECK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    db = Database.from_settings(Settings(data_dir=tmp_path))
    db.migrate()
    for n in range(3):
        with db.session() as session:
            append_audit(session, AuditEvent("alice", "test", f"item:{n}"))
    yield db
    db.close()
    get_settings.cache_clear()


def test_audit_verify_passes_an_intact_chain(
    store: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify"]) == 0
    assert "intact: 3 rows" in capsys.readouterr().out


def test_audit_verify_fails_on_a_tampered_row(
    store: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_entries_no_update"))
        connection.execute(text("UPDATE audit_entries SET action = 'nothing' WHERE seq = 1"))
    assert main(["audit", "verify"]) == 1
    assert "audit row 1" in capsys.readouterr().err
