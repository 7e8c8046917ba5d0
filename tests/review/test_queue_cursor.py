"""Keyset pages of the queue: every item once, in order, whatever is added while paging."""

import base64
import html
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from service.store.models import Article, ReviewItem
from tests.desk import Desk

PLAIN = "The council met on Tuesday. It approved the budget for the next year."
QUEUE = "/review/items"


def _walk(desk: Desk, between_pages: Any = None, **params: Any) -> list[str]:
    """Every id the cursor pages show, following `next_cursor` to the end."""
    page = desk.get(QUEUE, **params).json()
    seen = [i["id"] for i in page["items"]]
    while page["next_cursor"] is not None:
        if between_pages:
            between_pages()
        page = desk.get(QUEUE, cursor=page["next_cursor"], **params).json()
        seen += [i["id"] for i in page["items"]]
    return seen


def _add_items(desk: Desk, count: int, at: datetime, **item: Any) -> list[str]:
    """Items straight into the store, all submitted at the same instant."""
    ids = []
    with desk.services.database.session() as session:
        for _ in range(count):
            article = Article(id=uuid.uuid4().hex, text=PLAIN, sha256="0" * 64)
            ids.append(uuid.uuid4().hex)
            session.add(article)
            session.add(
                ReviewItem(
                    id=ids[-1], article_id=article.id, submitted_by="t", created_at=at, **item
                )
            )
    return ids


def test_cursor_pages_walk_the_whole_queue_newest_first(desk: Desk) -> None:
    ids = [desk.submit(f"{PLAIN} Item {n}.")["id"] for n in range(5)]
    assert _walk(desk, limit=2) == ids[::-1]


def test_items_submitted_in_the_same_instant_are_neither_repeated_nor_skipped(desk: Desk) -> None:
    ids = _add_items(desk, 7, datetime(2026, 5, 1, tzinfo=UTC))
    assert _walk(desk, limit=3) == sorted(ids, reverse=True)


def test_items_added_while_paging_do_not_shift_the_pages(desk: Desk) -> None:
    before = [desk.submit(f"{PLAIN} Item {n}.")["id"] for n in range(5)]
    added: list[str] = []

    def submit_one() -> None:
        added.append(desk.submit(f"{PLAIN} Late {len(added)}.")["id"])

    walked = _walk(desk, between_pages=submit_one, limit=2)
    assert walked == before[::-1]
    assert len(added) == 2


def test_the_last_page_has_no_cursor_and_cursor_pages_are_not_counted(desk: Desk) -> None:
    for n in range(3):
        desk.submit(f"{PLAIN} Item {n}.")
    first = desk.get(QUEUE, limit=2).json()
    second = desk.get(QUEUE, limit=2, cursor=first["next_cursor"]).json()
    assert (first["total"], first["offset"]) == (3, 0)
    assert (second["total"], second["offset"], second["next_cursor"]) == (None, None, None)
    assert len(second["items"]) == 1


def test_cursor_pages_keep_the_filters(desk: Desk) -> None:
    at = datetime(2026, 5, 1, tzinfo=UTC)
    pending = _add_items(desk, 4, at)
    _add_items(desk, 4, at, status="approved")
    assert _walk(desk, limit=3, status="pending") == sorted(pending, reverse=True)


def test_a_string_not_of_the_cursor_s_form_is_422(desk: Desk) -> None:
    old_style = base64.urlsafe_b64encode(b'["yesterday","x"]').decode()
    for cursor in ("not a cursor", old_style, "A" * 500, "1" * 18 + ".x", "12.a.b"):
        response = desk.get(QUEUE, cursor=cursor)
        assert response.status_code == 422, cursor
        assert response.json()["error"] == "invalid_cursor"
        assert "next_cursor" in response.json()["detail"]


def test_an_empty_cursor_is_no_cursor(desk: Desk) -> None:
    ids = sorted(_add_items(desk, 3, datetime(2026, 5, 1, tzinfo=UTC)), reverse=True)
    page = desk.get(QUEUE, cursor="", limit=2).json()
    assert [i["id"] for i in page["items"]] == ids[:2]
    assert page["total"] == 3


def test_any_string_of_the_cursor_s_form_names_a_position(desk: Desk) -> None:
    ids = sorted(_add_items(desk, 3, datetime(2026, 5, 1, tzinfo=UTC)), reverse=True)
    micros = int(datetime(2026, 5, 1, tzinfo=UTC).timestamp()) * 1_000_000
    page = desk.get(QUEUE, cursor=f"{micros}.{ids[0]}").json()
    assert [i["id"] for i in page["items"]] == ids[1:]
    later = desk.get(QUEUE, cursor=f"{micros + 1}.a").json()
    assert [i["id"] for i in later["items"]] == ids
    assert desk.get(QUEUE, cursor="0.a").json()["items"] == []


def test_offset_after_a_cursor_skips_rows_past_it(desk: Desk) -> None:
    ids = sorted(_add_items(desk, 4, datetime(2026, 5, 1, tzinfo=UTC)), reverse=True)
    cursor = desk.get(QUEUE, limit=1).json()["next_cursor"]
    page = desk.get(QUEUE, cursor=cursor, offset=1).json()
    assert [i["id"] for i in page["items"]] == ids[2:]
    assert page["offset"] == 1


def test_the_desk_pages_older_items_by_cursor(sqlite_desk: Desk) -> None:
    ids = sorted(_add_items(sqlite_desk, 53, datetime(2026, 5, 1, tzinfo=UTC)), reverse=True)
    sqlite_desk.login()
    first = sqlite_desk.client.get("/desk/").text
    older = re.search(r'<a rel="next" href="([^"]+)">Older', first)
    assert older is not None and "53 item(s)" in first
    second = sqlite_desk.client.get(html.unescape(older.group(1))).text
    assert [i for i in ids if f"/desk/items/{i}" in second] == ids[50:]
    assert 'rel="next"' not in second


def test_count_false_leaves_the_total_out_of_an_offset_page(desk: Desk) -> None:
    _add_items(desk, 3, datetime(2026, 5, 1, tzinfo=UTC))
    page = desk.get(QUEUE, limit=2, count="false").json()
    assert (page["total"], page["offset"], len(page["items"])) == (None, 0, 2)
    assert page["next_cursor"] is not None


def test_the_desk_answers_a_bad_cursor_with_the_newest_page_and_the_reason(
    sqlite_desk: Desk,
) -> None:
    sqlite_desk.login()
    response = sqlite_desk.client.get("/desk/?cursor=garbage", follow_redirects=False)
    assert response.status_code == 303
    # In the desk's words: the API's detail names query parameters.
    assert response.headers["location"].startswith("/desk/?error=that%20page%20of%20the%20queue")
