"""Accounts: people sign in with a user name and a password; admins manage them (API and desk)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.store.audit import verify_chain
from service.store.models import Account, AuditEntry
from tests.auth.accounts import PASSWORD, add_account, form, sign_in, signed_in_client
from tests.desk import Desk, running_desk
from tests.store.postgres import postgres_url

QUEUE_PAGE = "/desk/"


@pytest.fixture(params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    if request.param == "sqlite":
        with running_desk(tmp_path) as desk:
            yield desk
        return
    with postgres_url() as url, running_desk(tmp_path, url) as desk:
        yield desk


def _create(desk: Desk, **body: object) -> Any:
    return desk.client.post("/accounts", json=body, headers=desk.headers("admin"))


def _audit_actions(desk: Desk) -> list[tuple[str, str, str]]:
    with desk.services.database.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.target.like("account:%")))
        return [(row.actor, row.action, row.target) for row in rows]


def test_an_admin_creates_an_account_that_signs_in_with_its_password(desk: Desk) -> None:
    made = _create(desk, name="alice", role="editor", password=PASSWORD)
    assert made.status_code == 201, made.text
    assert made.json()["generated_password"] is None
    client = TestClient(desk.client.app)
    assert sign_in(client, "alice").status_code == 303
    assert "alice (editor)" in client.get(QUEUE_PAGE).text


def test_a_password_is_stored_only_as_an_argon2id_hash(desk: Desk) -> None:
    _create(desk, name="alice", role="editor", password=PASSWORD)
    with desk.services.database.session() as session:
        stored = session.scalar(select(Account.password_hash).where(Account.name == "alice"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_a_generated_password_is_returned_once_and_works(desk: Desk) -> None:
    made = _create(desk, name="bob", role="submitter").json()
    generated = made["generated_password"]
    assert len(generated) >= 20
    listed = desk.get("/accounts", "admin").json()["accounts"]
    assert "generated_password" not in listed[0]
    assert sign_in(TestClient(desk.client.app), "bob", generated).status_code == 303


def test_a_wrong_password_and_an_unknown_name_are_refused_alike(desk: Desk) -> None:
    add_account(desk, "alice")
    wrong = sign_in(desk.client, "alice", "not the password")
    unknown = sign_in(desk.client, "nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "wrong user name or password" in wrong.text
    assert desk.client.cookies.get("deskcheck_session") is None


def test_disabling_an_account_ends_its_open_session_at_once(desk: Desk) -> None:
    add_account(desk, "alice")
    client, _ = signed_in_client(desk, "alice")
    refused = desk.client.patch(
        "/accounts/alice", json={"disabled": True}, headers=desk.headers("admin")
    )
    assert refused.status_code == 200 and refused.json()["disabled"] is True
    after = client.get(QUEUE_PAGE, follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"] == "/desk/login"
    again = sign_in(TestClient(desk.client.app), "alice")
    assert again.status_code == 403 and "disabled" in again.text


def test_a_role_change_applies_to_the_open_session(desk: Desk) -> None:
    add_account(desk, "alice", "editor")
    client, _ = signed_in_client(desk, "alice")
    desk.client.patch("/accounts/alice", json={"role": "admin"}, headers=desk.headers("admin"))
    assert client.get("/desk/accounts").status_code == 200
    assert "alice (admin)" in client.get(QUEUE_PAGE).text


def test_a_password_reset_ends_sessions_and_the_old_password(desk: Desk) -> None:
    add_account(desk, "alice")
    client, _ = signed_in_client(desk, "alice")
    reset = desk.client.post("/accounts/alice/password", json={}, headers=desk.headers("admin"))
    new = reset.json()["generated_password"]
    assert client.get(QUEUE_PAGE, follow_redirects=False).status_code == 303
    assert sign_in(TestClient(desk.client.app), "alice").status_code == 401
    assert sign_in(TestClient(desk.client.app), "alice", new).status_code == 303


def test_account_changes_are_in_the_audit_chain(desk: Desk) -> None:
    _create(desk, name="alice", role="editor", password=PASSWORD)
    admin = desk.headers("admin")
    desk.client.patch("/accounts/alice", json={"role": "submitter"}, headers=admin)
    desk.client.post("/accounts/alice/password", json={}, headers=admin)
    desk.client.patch("/accounts/alice", json={"disabled": True}, headers=admin)
    assert [action for _, action, _ in _audit_actions(desk)] == [
        "account.created",
        "account.role_changed",
        "account.password_reset",
        "account.disabled",
    ]
    assert {(actor, target) for actor, _, target in _audit_actions(desk)} == {
        ("admin-key", "account:alice")
    }
    with desk.services.database.session() as session:
        assert verify_chain(session) == []


def test_only_an_admin_manages_accounts(desk: Desk) -> None:
    refused = desk.client.post(
        "/accounts", json={"name": "eve", "role": "admin"}, headers=desk.headers("editor")
    )
    assert refused.status_code == 403
    add_account(desk, "alice", "editor")
    client, _ = signed_in_client(desk, "alice")
    assert client.get("/desk/accounts").status_code == 403


def test_an_account_cannot_take_a_name_a_key_holds(desk: Desk) -> None:
    clash = _create(desk, name="editor-key", role="editor", password=PASSWORD)
    assert clash.status_code == 409
    assert "a key named 'editor-key' already exists" in clash.json()["detail"]


def test_a_short_password_is_refused_with_what_to_do(desk: Desk) -> None:
    short = _create(desk, name="alice", role="editor", password="short")
    assert short.status_code == 422


def test_an_admin_creates_and_disables_an_account_on_the_desk_page(desk: Desk) -> None:
    add_account(desk, "chief", "admin")
    client, csrf = signed_in_client(desk, "chief")
    made = form(client, "/desk/accounts", csrf, name="carol", role="editor", password="")
    assert made.status_code == 200
    assert 'id="generated-password"' in made.text
    carol, _ = signed_in_client(desk, "carol", _generated(made.text))
    assert form(client, "/desk/accounts/carol/disable", csrf).status_code == 303
    assert carol.get(QUEUE_PAGE, follow_redirects=False).status_code == 303


def test_an_admin_cannot_disable_their_own_account(desk: Desk) -> None:
    add_account(desk, "chief", "admin")
    client, csrf = signed_in_client(desk, "chief")
    refused = form(client, "/desk/accounts/chief/disable", csrf)
    assert "ask another admin" in client.get(refused.headers["location"]).text
    assert client.get(QUEUE_PAGE, follow_redirects=False).status_code == 200


def _generated(page: str) -> str:
    start = page.index('id="generated-password">') + len('id="generated-password">')
    return page[start : page.index("</code>", start)]


def test_failed_sign_ins_are_counted_per_account_across_addresses(tmp_path: Path) -> None:
    """Guessing one person's password from many addresses is slowed as from one."""
    with running_desk(tmp_path, auth_failure_limit="3/minute") as desk:
        add_account(desk, "alice")
        codes = [
            sign_in(
                TestClient(desk.client.app, client=(f"198.51.100.{n}", 5000)), "alice", "x"
            ).status_code
            for n in range(4)
        ]
        right = sign_in(TestClient(desk.client.app, client=("198.51.100.9", 5000)), "alice")
    assert codes == [401, 401, 401, 429]
    assert right.status_code == 429 and "for this account" in right.text
