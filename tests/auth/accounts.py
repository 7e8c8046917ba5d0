"""What the account tests share: an account made in the store, and signing in through the form."""

import re
from typing import Any

from fastapi.testclient import TestClient

from service.auth.accounts.service import Acting, create_account
from service.auth.keys import Role
from tests.desk import ORIGIN, Desk

PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_account(desk: Desk, name: str, role: Role = "editor", password: str = PASSWORD) -> None:
    with desk.services.database.session() as session:
        create_account(session, Acting("test-setup"), name, role, password)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/desk/login",
        data={"username": name, "password": password},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )


def signed_in_client(desk: Desk, name: str, password: str = PASSWORD) -> tuple[TestClient, str]:
    """A browser of its own, signed in as `name`, and its session's CSRF token."""
    client = TestClient(desk.client.app)
    assert sign_in(client, name, password).status_code == 303
    found = CSRF_FIELD.search(client.get("/desk/submit").text)
    assert found, "the signed-in page carries no CSRF token"
    return client, found.group(1)


def form(client: TestClient, path: str, csrf: str, **data: str) -> Any:
    return client.post(
        path, data={"csrf_token": csrf, **data}, headers={"Origin": ORIGIN}, follow_redirects=False
    )
