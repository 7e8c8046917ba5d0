"""`deskcheck accounts ...`: accounts from the command line, passwords never as arguments."""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from service.auth.accounts.service import check_credentials
from service.cli import main
from service.config import Settings, get_settings
from service.store import Database
from service.store.models import Account, AuditEntry

PASSWORD = "a long enough passphrase"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DESKCHECK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _accounts(*argv: str) -> int:
    return main(["accounts", *argv])


def _signs_in(data_dir: Path, name: str, password: str) -> bool:
    db = Database.from_settings(Settings(data_dir=data_dir))
    with db.session() as session:
        account = check_credentials(session, name, password)
        usable = account is not None and account.disabled_at is None
    db.close()
    return usable


def _stored(data_dir: Path) -> tuple[list[tuple[str, str, bool]], list[str]]:
    db = Database.from_settings(Settings(data_dir=data_dir))
    with db.session() as session:
        accounts = [
            (a.name, a.role, a.disabled_at is not None) for a in session.scalars(select(Account))
        ]
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    db.close()
    return accounts, actions


def test_create_reads_the_password_from_stdin(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert _accounts("create", "--name", "alice", "--role", "editor", "--password-stdin") == 0
    assert capsys.readouterr().out == ""  # nothing generated, nothing printed
    assert _signs_in(data_dir, "alice", PASSWORD)


def test_create_without_a_password_prints_a_generated_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _accounts("create", "--name", "bob", "--role", "submitter") == 0
    generated = capsys.readouterr().out.strip()
    assert _signs_in(data_dir, "bob", generated)


def test_role_disable_and_reset_change_the_account_and_the_audit_chain(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _accounts("create", "--name", "alice", "--role", "editor")
    first = capsys.readouterr().out.strip()
    assert _accounts("role", "alice", "admin") == 0
    assert _accounts("reset", "alice") == 0
    second = capsys.readouterr().out.splitlines()[-1]
    assert _accounts("disable", "alice") == 0
    accounts, actions = _stored(data_dir)
    assert accounts == [("alice", "admin", True)]
    assert actions[-4:] == [
        "account.created",
        "account.role_changed",
        "account.password_reset",
        "account.disabled",
    ]
    assert first != second and not _signs_in(data_dir, "alice", second)


def test_list_shows_status_never_a_hash(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _accounts("create", "--name", "alice", "--role", "editor")
    _accounts("disable", "alice")
    capsys.readouterr()
    assert _accounts("list") == 0
    listing = capsys.readouterr().out
    assert "alice" in listing and "disabled" in listing and "argon2" not in listing


def test_an_unknown_account_is_refused_in_words(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _accounts("disable", "nobody") == 1
    assert "no account is named 'nobody'" in capsys.readouterr().err
