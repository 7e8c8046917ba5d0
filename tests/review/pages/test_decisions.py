"""Deciding a flag on the item page: as a form post (back to the page, at the flag; a stale
page refused and shown) and from the page's script, which gets JSON."""

from typing import Any

from tests.conftest import seed_text
from tests.desk import ORIGIN, Desk

SEED = "000_7164c3a58de98ac3.txt"
SCRIPT_SEED = "001_100bbb814b795ab1.txt"
AS_SCRIPT = {"Origin": ORIGIN, "Accept": "application/json"}


def _item_page(desk: Desk, item: dict[str, Any]) -> str:
    response = desk.client.get(f"/desk/items/{item['id']}")
    assert response.status_code == 200
    return response.text


def _decide_as_script(desk: Desk, item: dict[str, Any], flag: dict[str, Any], **form: Any) -> Any:
    body = {"csrf_token": desk.csrf_token, "decision": "accept", **form}
    path = f"/desk/items/{item['id']}/flags/{flag['id']}"
    return desk.client.post(path, data=body, headers=AS_SCRIPT, follow_redirects=False)


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


def test_the_script_decides_a_flag_and_gets_it_back_as_json(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SCRIPT_SEED))
    sqlite_desk.login()
    flag = item["flags"][0]
    response = _decide_as_script(sqlite_desk, item, flag, note="agreed", expected_version="0")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["flag"]["decision"], answer["flag"]["note"]) == ("accept", "agreed")
    assert (answer["flag"]["version"], answer["item_status"]) == (1, "in_review")


def test_a_stale_decision_from_the_script_is_a_409_in_plain_words(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SCRIPT_SEED))
    sqlite_desk.login()
    flag = item["flags"][0]
    assert _decide_as_script(sqlite_desk, item, flag, expected_version="0").status_code == 200
    response = _decide_as_script(sqlite_desk, item, flag, expected_version="0")
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert response.json()["detail"].startswith("someone else decided this flag")


def test_a_submitter_deciding_from_the_script_gets_a_403_it_can_show(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SCRIPT_SEED))
    sqlite_desk.login("submitter")
    response = _decide_as_script(sqlite_desk, item, item["flags"][0])
    assert response.status_code == 403
    assert "needs the editor role" in response.json()["detail"]


def test_the_decision_form_without_the_script_still_redirects_to_the_flag(
    sqlite_desk: Desk,
) -> None:
    item = sqlite_desk.submit(seed_text(SCRIPT_SEED))
    sqlite_desk.login()
    flag = item["flags"][0]
    response = sqlite_desk.form(
        f"/desk/items/{item['id']}/flags/{flag['id']}",
        {"decision": "reject"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/desk/items/{item['id']}#flag-{flag['id']}"
