"""The log-in returns to the desk page whose session ended, and only ever to a page of this
site's desk: a `next` anyone can write into a link must not send an editor elsewhere."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import update

from service.auth.return_to import safe_return_path
from service.store.models import DeskSession, utcnow
from tests.desk import ORIGIN, Desk

ITEM_PAGE = "/desk/items/abc123"


@pytest.mark.parametrize(
    "path", [ITEM_PAGE, "/desk/items/abc123?error=x", "/desk/stats", "/desk/items/a#flag-3"]
)
def test_a_path_on_the_desk_is_followed(path: str) -> None:
    assert safe_return_path(path) == path


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/desk/",
        "//evil.example/desk/",
        "/\\evil.example/desk/",
        "/desk/\\..\\x",
        "javascript:alert(1)",
        "desk/items/abc",
        "/review/items",
        "/desk/login?next=/desk/",
        "/desk/logout",
        "/desk/items/a\r\nSet-Cookie: x=1",
        "",
        None,
    ],
)
def test_anything_else_is_not(path: str | None) -> None:
    assert safe_return_path(path) is None


def test_a_form_post_after_the_session_ended_logs_in_back_to_its_page(desk: Desk) -> None:
    desk.login()
    with desk.services.database.session() as session:
        session.execute(update(DeskSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    sent = desk.client.post(
        f"{ITEM_PAGE}/summary",
        data={"text": "An edit.", "csrf_token": desk.csrf_token},
        headers={"Origin": ORIGIN, "Referer": f"{ORIGIN}{ITEM_PAGE}"},
        follow_redirects=False,
    )
    login_page = f"/desk/login?next={quote(ITEM_PAGE, safe='')}"
    assert (sent.status_code, sent.headers["location"]) == (303, login_page)
    assert f'name="next" value="{ITEM_PAGE}"' in desk.client.get(login_page).text
    back = desk.client.post(
        "/desk/login",
        data={"key": desk.keys["editor"], "next": ITEM_PAGE},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    assert (back.status_code, back.headers["location"]) == (303, ITEM_PAGE)


def test_a_post_from_another_site_names_no_page_to_return_to(desk: Desk) -> None:
    sent = desk.client.post(
        f"{ITEM_PAGE}/summary",
        data={"text": "An edit."},
        headers={"Origin": ORIGIN, "Referer": f"https://evil.example{ITEM_PAGE}"},
        follow_redirects=False,
    )
    assert sent.headers["location"] == "/desk/login"


def test_a_log_in_with_a_foreign_next_goes_to_the_queue(desk: Desk) -> None:
    back = desk.client.post(
        "/desk/login",
        data={"key": desk.keys["editor"], "next": "//evil.example/desk/"},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    assert (back.status_code, back.headers["location"]) == (303, "/desk/")
