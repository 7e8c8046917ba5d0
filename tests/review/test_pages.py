"""The review pages: login, queue, item page (escaped, highlighted), actions, stats."""

import re
from pathlib import Path
from typing import Any

from schemas.common import ArticleIn
from schemas.review import SubmitRequest
from service.evidence.flag_types import FLAG_TYPES
from service.review.context import Actor
from service.review.service import store_submission
from tests.conftest import seed_text
from tests.desk import ORIGIN, Desk, running_desk

SEED = "000_7164c3a58de98ac3.txt"
SHORT = "The mayor said the bridge will reopen on Monday. Officials gave no other details."
HOSTILE = "The mayor said <script>alert('x')</script> the bridge will reopen on Monday."


def _item_page(desk: Desk, item: dict[str, Any]) -> str:
    response = desk.client.get(f"/desk/items/{item['id']}")
    assert response.status_code == 200
    return response.text


def test_pages_redirect_to_login_without_a_key(sqlite_desk: Desk) -> None:
    response = sqlite_desk.client.get("/desk/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/desk/login")


def test_login_sets_an_http_only_cookie(sqlite_desk: Desk) -> None:
    response = sqlite_desk.client.post(
        "/desk/login",
        data={"key": sqlite_desk.keys["editor"]},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_login_with_an_unknown_key_is_refused(sqlite_desk: Desk) -> None:
    response = sqlite_desk.client.post(
        "/desk/login", data={"key": "dk_wrong"}, headers={"Origin": ORIGIN}
    )
    assert response.status_code == 401
    assert "unknown or revoked key" in response.text


def test_the_queue_lists_submitted_items(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED), title="Drone strike")
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/").text
    assert f'href="/desk/items/{item["id"]}">Drone strike</a>' in page


def test_an_article_script_tag_shows_as_text(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(HOSTILE, title="<script>x()</script>")
    sqlite_desk.login()
    page = _item_page(sqlite_desk, item)
    assert "<script>alert" not in page and "<script>x()" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_every_flag_is_highlighted_by_type_and_family(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    page = _item_page(sqlite_desk, item)
    for flag in item["flags"]:
        assert f'id="span-{flag["id"]}"' in page
    assert 'class="f-sourcing flag t-anonymous_source"' in page
    assert "title=" not in page.split('id="article"')[1].split("</div>")[0]  # no hover-only text


def test_accepting_a_flag_in_the_page_records_the_decision(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    flag = item["flags"][0]["id"]
    sqlite_desk.login()
    sqlite_desk.form(
        f"/desk/items/{item['id']}/flags/{flag}", {"decision": "accept", "note": "agreed"}
    )
    stored = sqlite_desk.get(f"/review/items/{item['id']}").json()
    assert (stored["flags"][0]["decision"], stored["flags"][0]["note"]) == ("accept", "agreed")


def test_a_decision_from_a_stale_page_is_refused_and_shown(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    flag = item["flags"][0]["id"]
    sqlite_desk.login()
    assert 'name="expected_version" value="0"' in _item_page(sqlite_desk, item)
    decide = f"/desk/items/{item['id']}/flags/{flag}"
    sqlite_desk.form(decide, {"decision": "accept", "expected_version": "0"})
    page = sqlite_desk.form(decide, {"decision": "reject", "expected_version": "0"})
    assert f'role="alert">flag {flag} was decided by someone else meanwhile' in page.text
    stored = sqlite_desk.get(f"/review/items/{item['id']}").json()
    assert stored["flags"][0]["decision"] == "accept"


def test_a_refused_action_is_shown_on_the_page(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    page = sqlite_desk.form(f"/desk/items/{item['id']}/approve").text
    assert 'role="alert">the item is pending and cannot become approved' in page


def test_a_submitter_cannot_decide_in_the_page(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login("submitter")
    page = sqlite_desk.form(f"/desk/items/{item['id']}/start").text
    assert "this needs the editor role" in page


def test_the_submit_form_creates_an_item(sqlite_desk: Desk) -> None:
    sqlite_desk.login()
    page = sqlite_desk.form(
        "/desk/submit", {"text": seed_text(SEED), "title": "From the form", "mode": "fast"}
    )
    assert "From the form" in page.text
    assert sqlite_desk.get("/review/items").json()["total"] == 1


def test_the_stats_page_draws_a_chart(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.post(
        f"/review/items/{item['id']}/flags/{item['flags'][0]['id']}/decision",
        json={"decision": "reject"},
    )
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/stats").text
    flag_type = item["flags"][0]["type"]
    assert f'<figure class="panel" data-flag-type="{flag_type}">' in page
    assert '<svg class="chart"' in page
    cells = re.sub(r"<td[^>]*>", "<td>", page)  # the tables: overall, then week by week
    assert f"<td>{flag_type}</td><td>0</td><td>1</td><td>0%</td>" in cells
    assert re.search(rf"<td>\d{{4}}-W\d\d</td><td>{flag_type}</td><td>0</td><td>1</td>", cells)


def test_highlight_colours_come_from_the_flag_type_table(sqlite_desk: Desk) -> None:
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/").text
    for spec in FLAG_TYPES:
        assert f"mark.t-{spec.type} {{ background: {spec.colour}; }}" in page


def test_a_queued_items_page_shows_its_progress_from_a_script_file(tmp_path: Path) -> None:
    # No worker in this app: the item stays queued while the page is read (a worker's sweep
    # would pick up a stored item nobody enqueued).
    with running_desk(tmp_path, embedded_workers=0) as desk:
        _queued_page_checks(desk)


def _queued_page_checks(sqlite_desk: Desk) -> None:
    request = SubmitRequest(article=ArticleIn(text=seed_text(SEED)), mode="fast")
    item_id = store_submission(sqlite_desk.services.database, request, Actor("editor", None))
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item_id}").text
    assert f'data-progress-url="/review/items/{item_id}/progress"' in page
    assert 'data-state="queued"' in page
    # A file, not inline script, and carrying the page's CSP nonce.
    assert re.search(r'<script src="/desk/static/progress.js" nonce="[^"]+" defer></script>', page)
    script = sqlite_desk.client.get("/desk/static/progress.js")
    assert (script.status_code, "progress.finished" in script.text) == (200, True)


def test_an_analysed_items_page_has_no_progress_box(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    assert 'id="analysis-progress"' not in _item_page(sqlite_desk, item)


def test_a_failed_item_is_retried_from_the_queue(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(SHORT, mode="full")  # no model answers here: it fails
    sqlite_desk.login()
    queue = sqlite_desk.client.get("/desk/").text
    assert f'action="/desk/items/{item["id"]}/retry"' in queue
    assert "1 failed" in queue
    response = sqlite_desk.form(
        f"/desk/items/{item['id']}/retry", {"mode": "fast"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert sqlite_desk.analysed(item["id"])["analysis_state"] == "done"
