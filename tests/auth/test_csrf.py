"""Desk form posts: refused from another origin or without the session's CSRF token."""

from typing import Any

from tests.desk import ORIGIN, Desk

ARTICLE = "The council said the bridge will reopen on Monday."


def _start(desk: Desk, headers: dict[str, str], token: str | None) -> Any:
    item = desk.submit(ARTICLE)
    data = {} if token is None else {"csrf_token": token}
    path = f"/desk/items/{item['id']}/start"
    return desk.client.post(path, data=data, headers=headers, follow_redirects=False)


def _refused_page(response: Any) -> bool:
    """The desk's refusal: a page in plain words (the API's JSON is for programs)."""
    return response.status_code == 403 and "<h1>Not allowed</h1>" in response.text


def _status(desk: Desk) -> str:
    items = desk.get("/review/items").json()["items"]
    return str(items[0]["status"])


def test_a_cross_site_post_is_refused(desk: Desk) -> None:
    token = desk.login()
    response = _start(desk, {"Origin": "https://evil.example"}, token)
    assert _refused_page(response)
    assert _status(desk) == "pending"


def test_a_post_with_a_cross_site_referer_and_no_origin_is_refused(desk: Desk) -> None:
    token = desk.login()
    response = _start(desk, {"Referer": "https://evil.example/page"}, token)
    assert response.status_code == 403
    assert _status(desk) == "pending"


def test_a_post_naming_no_origin_at_all_is_refused(desk: Desk) -> None:
    token = desk.login()
    response = _start(desk, {}, token)
    assert _refused_page(response)
    assert _status(desk) == "pending"


def test_a_same_site_post_with_the_token_works(desk: Desk) -> None:
    token = desk.login()
    response = _start(desk, {"Origin": ORIGIN}, token)
    assert response.status_code == 303
    assert _status(desk) == "in_review"


def test_a_same_origin_referer_stands_in_for_origin(desk: Desk) -> None:
    token = desk.login()
    response = _start(desk, {"Referer": f"{ORIGIN}/desk/items/x"}, token)
    assert response.status_code == 303


def test_a_same_site_post_without_the_token_is_refused(desk: Desk) -> None:
    desk.login()
    response = _start(desk, {"Origin": ORIGIN}, None)
    assert _refused_page(response)
    assert _status(desk) == "pending"


def test_another_sessions_token_is_refused(desk: Desk) -> None:
    stale = desk.login()
    desk.login()
    response = _start(desk, {"Origin": ORIGIN}, stale)
    assert response.status_code == 403


def test_a_cross_site_login_is_refused(desk: Desk) -> None:
    response = desk.client.post(
        "/desk/login",
        data={"key": desk.keys["editor"]},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert desk.client.cookies.get("deskcheck_session") is None


def test_every_desk_form_carries_the_token(desk: Desk) -> None:
    item = desk.submit(ARTICLE)
    token = desk.login()
    page = desk.client.get(f"/desk/items/{item['id']}").text
    forms = page.count('<form method="post"')
    assert forms >= 4
    assert page.count(f'name="csrf_token" value="{token}"') == forms
