"""What clients send reaches the store in range, and times come back with their offset:
on SQLite and PostgreSQL."""

from datetime import datetime
from pathlib import Path

import pytest

from tests.desk import Desk, running_desk
from tests.store.postgres import postgres_url

SHORT = "The mayor said the bridge will reopen on Monday. Officials gave no other details."
HUGE = str(2**63)


@pytest.mark.parametrize("path", ["/review/items", "/review/audit"])
def test_an_offset_past_any_integer_is_422(desk: Desk, path: str) -> None:
    response = desk.get(path, role="admin", offset=HUGE)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert "offset" in response.json()["detail"]


def test_an_item_audit_offset_past_any_integer_is_422(desk: Desk) -> None:
    item = desk.submit(SHORT)
    response = desk.get(f"/review/items/{item['id']}/audit", offset=HUGE)
    assert response.status_code == 422


@pytest.mark.parametrize("flag_id", [2**31, 2**63])
def test_a_flag_id_past_the_integer_column_is_422(desk: Desk, flag_id: int) -> None:
    item = desk.submit(SHORT)
    desk.post(f"/review/items/{item['id']}/start")
    response = desk.post(
        f"/review/items/{item['id']}/flags/{flag_id}/decision", json={"decision": "accept"}
    )
    assert response.status_code == 422
    assert "flag_id" in response.json()["detail"]


def test_the_largest_flag_id_is_a_plain_404(desk: Desk) -> None:
    item = desk.submit(SHORT)
    desk.post(f"/review/items/{item['id']}/start")
    response = desk.post(
        f"/review/items/{item['id']}/flags/{2**31 - 1}/decision", json={"decision": "accept"}
    )
    assert response.status_code == 404


def test_published_at_keeps_its_instant_and_comes_back_with_an_offset(desk: Desk) -> None:
    item = desk.submit(SHORT, published_at="2026-11-21T17:09:00+03:00")
    stored = desk.get(f"/review/items/{item['id']}").json()["article"]["published_at"]
    moment = datetime.fromisoformat(stored)
    assert moment.utcoffset() is not None
    assert moment == datetime.fromisoformat("2026-11-21T14:09:00+00:00")


def test_every_time_in_the_queue_carries_an_offset(desk: Desk) -> None:
    desk.submit(SHORT, published_at="2026-11-21T17:09:00-05:00")
    entry = desk.get("/review/items").json()["items"][0]
    for field in ("published_at", "created_at"):
        assert datetime.fromisoformat(entry[field]).utcoffset() is not None, field


def test_a_nul_the_database_cannot_store_is_422_not_500(tmp_path: Path) -> None:
    """PostgreSQL text cannot hold NUL; SQLite can, so this is PostgreSQL's case."""
    with postgres_url() as url, running_desk(tmp_path, url) as desk:
        response = desk.get("/review/items", outlet="a\x00b")
        submitted = desk.post(
            "/review/items", role="submitter", json={"article": {"text": SHORT, "title": "t\x00"}}
        )
    assert (response.status_code, submitted.status_code) == (422, 422)
    assert response.json()["error"] == "invalid_request"
    assert "NUL" in submitted.json()["detail"]
