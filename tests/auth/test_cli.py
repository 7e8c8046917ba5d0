"""`deskcheck keys create|list|revoke`: a working key printed once, never listed; unique names."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from service.auth.keys import create_key, find_key
from service.cli import main
from service.config import Settings, get_settings
from service.store import Database
from service.store.models import ApiKey


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DESKCHECK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_keys_create_prints_a_key_with_the_role(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "create", "--role", "editor", "--name", "alice"]) == 0
    raw = capsys.readouterr().out.strip()
    db = Database.from_settings(Settings(data_dir=data_dir))
    with db.session() as session:
        row = find_key(session, raw)
        assert row is not None and (row.name, row.role) == ("alice", "editor")
    db.close()


def test_keys_create_refuses_an_unknown_role(data_dir: Path) -> None:
    with pytest.raises(SystemExit):
        main(["keys", "create", "--role", "owner", "--name", "bob"])


def _keys(*argv: str) -> int:
    return main(["keys", *argv])


def test_keys_list_shows_names_roles_and_status_never_the_key(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _keys("create", "--role", "editor", "--name", "alice")
    raw = capsys.readouterr().out.strip()
    assert _keys("list") == 0
    listing = capsys.readouterr().out
    assert re.search(r"^\s+1\s+alice\s+editor\s+\S+ \S+\s+never\s+active$", listing, re.M)
    assert raw not in listing and raw[:10] not in listing


def test_keys_revoke_by_name_stops_the_key(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _keys("create", "--role", "editor", "--name", "alice")
    raw = capsys.readouterr().out.strip()
    assert _keys("revoke", "alice") == 0
    assert "revoked key 1 'alice'" in capsys.readouterr().out
    db = Database.from_settings(Settings(data_dir=data_dir))
    with db.session() as session:
        assert find_key(session, raw) is None
    db.close()
    _keys("list")
    assert re.search(r"alice .* revoked \d{4}-", capsys.readouterr().out)


def test_keys_revoke_by_id(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _keys("create", "--role", "admin", "--name", "ops")
    assert _keys("revoke", "1") == 0
    assert "revoked key 1 'ops'" in capsys.readouterr().out


def test_keys_revoke_of_an_unknown_key_fails_clearly(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _keys("revoke", "nobody") == 1
    assert "no key is named (or has the id) 'nobody'" in capsys.readouterr().err


def test_a_duplicate_key_name_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _keys("create", "--role", "editor", "--name", "alice")
    capsys.readouterr()
    assert _keys("create", "--role", "admin", "--name", "alice") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "a key named 'alice' already exists" in captured.err


def test_the_store_refuses_a_duplicate_name_itself(data_dir: Path) -> None:
    """The unique index holds even for a writer that skips create_key's check."""
    db = Database.from_settings(Settings(data_dir=data_dir))
    db.migrate()
    with db.session() as session:
        create_key(session, "alice", "editor")
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(ApiKey(name="alice", role="admin", key_hash="0" * 64, prefix="dk_x"))
    db.close()
