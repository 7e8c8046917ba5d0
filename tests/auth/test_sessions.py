"""Desk sessions: a signed server-side id, not the key; ended by logout, revoke and expiry."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from service.app import create_app
from service.auth.keys import revoke_key
from service.auth.secret import SECRET_FILE
from service.auth.sessions import SESSION_COOKIE
from service.store.models import DeskSession, utcnow
from tests.conftest import REPLAY_BASE_URL, model_settings
from tests.desk import ORIGIN, Desk, running_desk
from tests.store.postgres import postgres_url

QUEUE_PAGE = "/desk/"


@pytest.fixture(params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    """Sessions compare timestamps in SQL: on both kinds of store."""
    if request.param == "sqlite":
        with running_desk(tmp_path) as desk:
            yield desk
        return
    with postgres_url() as url, running_desk(tmp_path, url) as desk:
        yield desk


def _cookie(desk: Desk) -> str:
    cookie = desk.client.cookies.get(SESSION_COOKIE)
    assert cookie, "no session cookie after login"
    return cookie


def test_the_cookie_is_not_the_key(desk: Desk) -> None:
    desk.login()
    cookie = _cookie(desk)
    assert desk.keys["editor"] not in cookie
    assert desk.client.cookies.get("deskcheck_key") is None


def test_a_session_lives_in_the_store(desk: Desk) -> None:
    desk.login()
    with desk.services.database.session() as session:
        rows = list(session.scalars(select(DeskSession)))
    assert len(rows) == 1
    assert rows[0].revoked_at is None and rows[0].csrf_token == desk.csrf_token
    assert rows[0].id_hash not in _cookie(desk)


def test_logout_ends_the_session_for_a_kept_cookie(desk: Desk) -> None:
    desk.login()
    stolen = _cookie(desk)
    assert desk.form("/desk/logout", follow_redirects=False).status_code == 303
    desk.client.cookies.set(SESSION_COOKIE, stolen)
    response = desk.client.get(QUEUE_PAGE, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/desk/login")


def test_revoking_the_key_ends_its_sessions(desk: Desk) -> None:
    desk.login()
    assert desk.client.get(QUEUE_PAGE, follow_redirects=False).status_code == 200
    with desk.services.database.session() as session:
        revoke_key(session, "editor-key")
        ended = session.scalars(select(DeskSession.revoked_at)).all()
    assert all(ended)
    response = desk.client.get(QUEUE_PAGE, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/desk/login")


def test_an_expired_session_sends_the_editor_to_login(desk: Desk) -> None:
    desk.login()
    with desk.services.database.session() as session:
        session.execute(update(DeskSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = desk.client.get(QUEUE_PAGE, follow_redirects=False)
    assert response.headers["location"] == "/desk/login"


def test_a_forged_cookie_is_no_session(desk: Desk) -> None:
    desk.client.cookies.set(SESSION_COOKIE, desk.keys["admin"])
    response = desk.client.get(QUEUE_PAGE, follow_redirects=False)
    assert response.headers["location"] == "/desk/login"


def test_the_api_refuses_a_write_with_the_cookie_only(desk: Desk) -> None:
    desk.login()
    item = desk.submit("The council said the bridge will reopen on Monday.")
    response = desk.client.post(f"/review/items/{item['id']}/start", headers={"Origin": ORIGIN})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert "does not authorize changes through the API" in response.json()["detail"]


def test_the_api_serves_a_read_to_the_desk_session(desk: Desk) -> None:
    """The desk links to an approved item's JSON export."""
    desk.login()
    assert desk.client.get("/review/items").status_code == 200
    desk.form("/desk/logout")
    assert desk.client.get("/review/items").status_code == 401


def test_the_cookie_is_secure_over_https(tmp_path: Path) -> None:
    with running_desk(tmp_path) as desk:
        client = TestClient(desk.client.app, base_url="https://desk.test")
        response = client.post(
            "/desk/login",
            data={"key": desk.keys["editor"]},
            headers={"Origin": "https://desk.test"},
            follow_redirects=False,
        )
    cookie = response.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_the_generated_secret_is_kept_beside_the_store_for_its_owner_only(tmp_path: Path) -> None:
    with running_desk(tmp_path) as desk:
        desk.login()
    secret = tmp_path / SECRET_FILE
    assert secret.stat().st_mode & 0o777 == 0o600
    assert len(secret.read_text().strip()) >= 32


def test_a_session_survives_a_restart(tmp_path: Path) -> None:
    with running_desk(tmp_path) as desk:
        desk.login()
        cookie = _cookie(desk)
    with TestClient(create_app(model_settings(REPLAY_BASE_URL, data_dir=tmp_path))) as restarted:
        restarted.cookies.set(SESSION_COOKIE, cookie)
        assert restarted.get(QUEUE_PAGE, follow_redirects=False).status_code == 200


def test_a_configured_secret_signs_instead(tmp_path: Path) -> None:
    with running_desk(tmp_path, session_secret="s" * 40) as desk:
        desk.login()
    assert not (tmp_path / SECRET_FILE).exists()
