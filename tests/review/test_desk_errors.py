"""Failures on the desk are pages in plain words with a way back; the API keeps its JSON."""

import re
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from service.review.desk_errors import ANALYSIS_FAILURES, explanation
from service.review.pages import ROUTERS
from tests.conftest import seed_text
from tests.desk import ORIGIN, Desk, running_desk

SEED = "000_7164c3a58de98ac3.txt"
SERVICE = Path(__file__).resolve().parents[2] / "service"
TEMPLATES = [
    *(SERVICE / "review" / "templates").glob("*.html"),
    *(SERVICE / "auth" / "templates").glob("*.html"),
]
API_WORDS = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\b|/review/|/readyz|DESKCHECK_")
"""What an editor should never be told: HTTP verbs, API paths, setting names."""
WAY_BACK = '<a href="/desk/">Back to the review queue</a>'


def _visible_text(page: str) -> str:
    """The words a reader sees: no tags, no attribute values (form methods, actions, hrefs), no
    template comments (they may name the code a template works with)."""
    page = re.sub(r"\{#.*?#\}", " ", page, flags=re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]*>", " ", body)


def test_an_unknown_item_on_the_desk_is_a_page_and_in_the_api_json(sqlite_desk: Desk) -> None:
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/items/nosuchitem")
    assert (page.status_code, page.headers["content-type"]) == (404, "text/html; charset=utf-8")
    assert "<h1>Not found</h1>" in page.text and WAY_BACK in page.text
    api = sqlite_desk.get("/review/items/nosuchitem")
    assert (api.status_code, api.json()["error"]) == (404, "not_found")


def test_an_unknown_desk_address_is_a_page(sqlite_desk: Desk) -> None:
    page = sqlite_desk.client.get("/desk/no/such/page")
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text


def test_opening_a_button_address_explains_itself_and_keeps_allow(sqlite_desk: Desk) -> None:
    page = sqlite_desk.client.get("/desk/logout")
    assert (page.status_code, page.headers["allow"]) == (405, "POST")
    assert "This address belongs to one of the desk&#39;s buttons" in page.text
    assert not API_WORDS.search(_visible_text(page.text))


def test_a_form_from_an_old_page_is_refused_in_plain_words(sqlite_desk: Desk) -> None:
    sqlite_desk.login()
    page = sqlite_desk.client.post(
        "/desk/submit", data={"text": "x", "csrf_token": "stale"}, headers={"Origin": ORIGIN}
    )
    assert page.status_code == 403
    assert page.text.startswith("<!doctype html>") and WAY_BACK in page.text


def test_the_desks_own_script_gets_the_same_words_as_json(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    answer = sqlite_desk.client.post(
        f"/desk/items/{item['id']}/flags/{item['flags'][0]['id']}",
        data={"decision": "accept", "csrf_token": "stale"},
        headers={"Origin": ORIGIN, "Accept": "application/json"},
    )
    assert answer.status_code == 403
    assert answer.json()["detail"].startswith("The desk did not accept this.")


def test_a_body_over_the_byte_bound_is_a_page_on_the_desk(tmp_path: Path) -> None:
    with running_desk(tmp_path, max_article_chars=100) as desk:
        desk.login()
        page = desk.form("/desk/submit", {"text": "x" * 1_200_000 + " y."})
        assert (page.status_code, page.headers["content-type"]) == (
            413,
            "text/html; charset=utf-8",
        )
        assert "<h1>Too large</h1>" in page.text
        api = desk.client.post("/review/items", content=b"x" * 1_200_000)
        assert api.json()["error"] == "request_too_large"


def test_a_premature_approval_names_buttons_not_endpoints(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    page = sqlite_desk.form(f"/desk/items/{item['id']}/approve").text
    assert "start the review first: press Start review, decide a flag or edit the summary" in page
    assert not API_WORDS.search(_visible_text(page))
    api = sqlite_desk.post(f"/review/items/{item['id']}/approve")
    assert "POST .../start" in api.json()["detail"]  # the API keeps its own hint


def test_a_failed_analysis_is_explained_with_retry_and_no_api_hints(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit("The mayor said the bridge will reopen.", mode="full")
    assert item["analysis_state"] == "failed"  # no model answers in this desk
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    assert "The analysis failed: the language model did not answer" in page
    assert f'action="/desk/items/{item["id"]}/retry"' in page
    decided = sqlite_desk.form(f"/desk/items/{item['id']}/start").text
    assert "this article has no finished analysis yet (it is failed)" in decided
    # What the desk says (the audit trail below quotes the stored record as it is).
    alerts = re.findall(r'role="alert"[^>]*>(.*?)</div>', page + decided, flags=re.S)
    assert len(alerts) >= 2
    for said in (*alerts, sqlite_desk.client.get("/desk/").text):
        assert not API_WORDS.search(_visible_text(said))


def test_no_desk_template_tells_editors_about_the_api() -> None:
    for template in TEMPLATES:
        assert not API_WORDS.search(_visible_text(template.read_text())), template.name


def test_every_desk_route_lives_under_the_desk_prefix() -> None:
    # The error handlers choose a page over JSON by this prefix.
    routes = [route for router in ROUTERS for route in router.routes]
    assert all(route.path.startswith("/desk") for route in routes)  # type: ignore[attr-defined]


def test_a_form_value_the_desk_does_not_know_is_a_page(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    flag = item["flags"][0]["id"]
    page = sqlite_desk.form(f"/desk/items/{item['id']}/flags/{flag}", {"decision": "maybe"})
    assert page.status_code == 422 and "<h1>Not understood</h1>" in page.text


def test_an_unexpected_failure_on_the_desk_is_a_page_in_plain_words(tmp_path: Path) -> None:
    with running_desk(tmp_path) as desk:
        item = desk.submit(seed_text(SEED))
        desk.login()
        # The store refuses the write, as a full disk would: nothing in the desk expects it.
        with sqlite3.connect(tmp_path / "deskcheck.sqlite3") as store:
            store.execute(
                "CREATE TRIGGER refuse_decisions BEFORE INSERT ON flag_decisions "
                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
            )
        browser = TestClient(desk.client.app, raise_server_exceptions=False)
        browser.cookies = desk.client.cookies
        page = browser.post(
            f"/desk/items/{item['id']}/flags/{item['flags'][0]['id']}",
            data={"decision": "accept", "csrf_token": desk.csrf_token},
            headers={"Origin": ORIGIN},
        )
    assert (page.status_code, page.headers["content-type"]) == (500, "text/html; charset=utf-8")
    assert "<h1>Something went wrong on our side</h1>" in page.text and WAY_BACK in page.text
    assert "disk I/O error" not in page.text


def test_every_desk_failure_is_explained_without_api_words() -> None:
    statuses = (403, 404, 405, 409, 413, 422, 429, 500, 502, 503, 504)
    texts = [explanation(status).text for status in statuses] + list(ANALYSIS_FAILURES.values())
    assert all(text and not API_WORDS.search(text) for text in texts)
    assert explanation(504) == explanation(503)  # the model or a worker: wait and try again
