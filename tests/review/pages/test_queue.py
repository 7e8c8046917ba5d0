"""The queue page: the items submitted, and a failed analysis retried from it."""

from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"
SHORT = "The mayor said the bridge will reopen on Monday. Officials gave no other details."


def test_the_queue_lists_submitted_items(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED), title="Drone strike")
    sqlite_desk.login()
    page = sqlite_desk.client.get("/desk/").text
    assert f'href="/desk/items/{item["id"]}">Drone strike</a>' in page


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
