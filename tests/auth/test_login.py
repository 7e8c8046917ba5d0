"""The desk's log-in and log-out, and where a request without a live desk session goes: people
to the log-in page, the item page's script to a refusal in words it can show."""

from urllib.parse import quote

import pytest

from service.auth.sessions import SESSION_COOKIE
from tests.desk import ORIGIN, Desk

PAGES = ("/desk/", "/desk/submit", "/desk/items/any", "/desk/stats")
FORM_POSTS = {
    "/desk/items/any/flags/1": {"decision": "accept"},
    "/desk/items/any/claims/c1": {"decision": "confirm"},
    "/desk/items/any/summary": {"text": "A summary."},
    "/desk/items/any/retry": {},
    "/desk/items/any/start": {},
    "/desk/items/any/approve": {},
    "/desk/items/any/return": {"note": "Check the figures."},
}


def test_pages_redirect_to_login_without_a_key(desk: Desk) -> None:
    response = desk.client.get("/desk/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/desk/login")


@pytest.mark.parametrize("path", PAGES[1:])
def test_every_desk_page_sends_a_visitor_without_a_session_to_log_in_and_back(
    desk: Desk, path: str
) -> None:
    response = desk.client.get(path, follow_redirects=False)
    expected = f"/desk/login?next={quote(path, safe='')}"
    assert (response.status_code, response.headers["location"]) == (303, expected)


@pytest.mark.parametrize("path", FORM_POSTS)
def test_every_desk_form_post_without_a_session_goes_to_log_in(desk: Desk, path: str) -> None:
    response = desk.client.post(
        path, data=FORM_POSTS[path], headers={"Origin": ORIGIN}, follow_redirects=False
    )
    assert (response.status_code, response.headers["location"]) == (303, "/desk/login")


def test_the_items_script_is_told_in_json_that_the_session_ended(desk: Desk) -> None:
    response = desk.client.post(
        "/desk/items/any/flags/1",
        data={"decision": "accept"},
        headers={"Origin": ORIGIN, "Accept": "application/json"},
    )
    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "detail": "your desk session has ended: log in again",
    }


def test_a_cross_site_post_is_refused_before_any_log_in(desk: Desk) -> None:
    response = desk.client.post(
        "/desk/items/any/start", headers={"Origin": "https://evil.example"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.text


def test_login_sets_an_http_only_cookie(desk: Desk) -> None:
    response = desk.client.post(
        "/desk/login",
        data={"key": desk.keys["editor"]},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_login_with_an_unknown_key_is_refused(desk: Desk) -> None:
    response = desk.client.post("/desk/login", data={"key": "dk_wrong"}, headers={"Origin": ORIGIN})
    assert response.status_code == 401
    assert "unknown or revoked key" in response.text


def test_login_lands_on_the_queue(desk: Desk) -> None:
    response = desk.client.post(
        "/desk/login",
        data={"key": desk.keys["editor"]},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/desk/")


def test_the_login_page_names_who_is_logged_in(desk: Desk) -> None:
    assert "(editor)</span>" not in desk.client.get("/desk/login").text
    desk.login()
    page = desk.client.get("/desk/login")
    assert page.status_code == 200
    assert '<span class="who">editor-key (editor)</span>' in page.text


def test_logging_out_without_a_session_still_lands_on_log_in(desk: Desk) -> None:
    response = desk.client.post("/desk/logout", headers={"Origin": ORIGIN}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/desk/login")
    assert f'{SESSION_COOKIE}=""' in response.headers["set-cookie"]
