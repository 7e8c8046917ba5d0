"""`deskcheck keys create` prints a working key once."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.auth.keys import find_key
from service.cli import main
from service.config import Settings, get_settings
from service.store import Database


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
