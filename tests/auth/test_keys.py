"""API keys: hashed at rest, roles ordered, refusals as {"error", "detail"}."""

from pathlib import Path

import pytest
from sqlalchemy import select, text

from service.app import create_app
from service.auth.keys import hash_key, role_covers
from service.store import Database
from service.store.migrate import upgrade
from service.store.models import ApiKey
from tests.conftest import REPLAY_BASE_URL, model_settings
from tests.desk import Desk

QUEUE = "/review/items"


def test_a_request_without_a_key_is_401(desk: Desk) -> None:
    response = desk.client.get(QUEUE)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_an_unknown_key_is_401(desk: Desk) -> None:
    response = desk.client.get(QUEUE, headers={"X-API-Key": "dk_not-a-key"})
    assert response.status_code == 401
    assert "unknown" in response.json()["detail"]


def test_a_submitter_cannot_approve_403(desk: Desk) -> None:
    response = desk.post("/review/items/x/approve", role="submitter")
    assert response.status_code == 403
    assert response.json() == {
        "error": "forbidden",
        "detail": "this needs the editor role; the key 'submitter-key' is a submitter",
    }


def test_x_api_key_header_is_accepted(desk: Desk) -> None:
    response = desk.client.get(QUEUE, headers={"X-API-Key": desk.keys["submitter"]})
    assert response.status_code == 200


def test_keys_are_stored_only_as_their_hash(desk: Desk) -> None:
    with desk.services.database.session() as session:
        stored = set(session.scalars(select(ApiKey.key_hash)))
    assert desk.keys["editor"] not in stored
    assert hash_key(desk.keys["editor"]) in stored


@pytest.mark.parametrize(
    ("held", "needed", "allowed"),
    [
        ("admin", "editor", True),
        ("editor", "submitter", True),
        ("editor", "admin", False),
        ("submitter", "editor", False),
        ("nobody", "submitter", False),
    ],
)
def test_roles_are_ordered(held: str, needed: str, allowed: bool) -> None:
    assert role_covers(held, needed) is allowed  # type: ignore[arg-type]


def test_first_embedded_start_prints_an_admin_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(model_settings(REPLAY_BASE_URL, data_dir=tmp_path))) as client:
        key = next(
            line.strip()
            for line in capsys.readouterr().err.splitlines()
            if line.strip().startswith("dk_")
        )
        assert client.get(QUEUE, headers={"X-API-Key": key}).status_code == 200
    with TestClient(create_app(model_settings(REPLAY_BASE_URL, data_dir=tmp_path))):
        assert "dk_" not in capsys.readouterr().err


def test_the_migration_renames_duplicate_names_before_making_them_unique(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    keys = ApiKey.__table__
    upgrade(db.engine, "0002")
    with db.engine.begin() as connection:
        for n in range(3):
            connection.execute(
                text(
                    "INSERT INTO api_keys (name, role, key_hash, prefix, created_at) "
                    "VALUES ('alice', 'editor', :digest, 'dk_x', '2026-01-01 00:00:00')"
                ),
                {"digest": str(n) * 64},
            )
    db.migrate()
    with db.engine.connect() as connection:
        names = connection.execute(select(keys.c.name).order_by(keys.c.id)).scalars().all()
    db.close()
    assert names == ["alice", "alice-2", "alice-3"]


def test_a_key_in_use_records_when_it_was_last_used(desk: Desk) -> None:
    assert desk.get("/review/items", role="submitter").status_code == 200
    with desk.services.database.session() as session:
        used = {name: at for name, at in session.execute(select(ApiKey.name, ApiKey.last_used_at))}
    assert used["submitter-key"] is not None
    assert used["admin-key"] is None
