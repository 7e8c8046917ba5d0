"""Cached queue pages are never stale: any commit that changes the listing, from any process or
connection, is in the very next page; pages are cached per query; every request is still
authenticated."""

import asyncio
import importlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import text, update

from service.review.queue_pages import QueuePages, QueueQuery
from service.review.repository import QUEUE_COLUMNS, QueueFilter
from service.store import Database
from service.store.generation import Generations, open_generation
from service.store.models import Article, FlagRow, ReviewItem
from tests.desk import Desk

QUEUE = "/review/items"
PLAIN = "The council met on Tuesday. It approved the budget for the next year."
START = datetime(2026, 5, 1, tzinfo=UTC)
# Table -> columns whose update changes the listing, as the queue generation's triggers watch
# them (set up by migration 0008; 0009_gate, 0010_assignment and 0014_open_contradictions
# recreate the review_items one over more columns).
WATCHED: dict[str, tuple[str, ...]] = importlib.import_module(
    "service.store.migrations.versions.0014_open_contradictions"
).WATCHED
# Table -> columns a queue count reads, by counter (migration 0017).
_COUNTS = importlib.import_module("service.store.migrations.versions.0017_queue_counts")
COUNTED: dict[str, tuple[str, ...]] = _COUNTS.COUNTED
FLAGGED: dict[str, tuple[str, ...]] = _COUNTS.FLAGGED


@contextmanager
def another_process(desk: Desk) -> Iterator[Database]:
    """The same store through a Database of its own: what a worker or another replica holds."""
    database = Database(desk.services.database.url)
    try:
        yield database
    finally:
        database.close()


def _add_item(database: Database, minutes: int = 0, **item: Any) -> str:
    """An analysed item (no worker takes it up meanwhile), straight into the store."""
    item_id = uuid.uuid4().hex
    item.setdefault("analysis_state", "done")
    with database.session() as session:
        article = Article(id=uuid.uuid4().hex, text=PLAIN, sha256="0" * 64, outlet="Wire")
        session.add(article)
        session.flush()
        session.add(
            ReviewItem(
                id=item_id,
                article_id=article.id,
                submitted_by="t",
                created_at=START + timedelta(minutes=minutes),
                **item,
            )
        )
    return item_id


def _ids(desk: Desk, **params: Any) -> list[str]:
    response = desk.get(QUEUE, **params)
    assert response.status_code == 200, response.text
    return [entry["id"] for entry in response.json()["items"]]


T = TypeVar("T")


def _recorded_pages(
    monkeypatch: pytest.MonkeyPatch, keep: Callable[[Any, int | None], T]
) -> list[T]:
    """What `keep` takes of each page the desk's page cache renders from the store, in order."""
    kept: list[T] = []
    original = QueuePages._encoded_page

    def recording(self: QueuePages, query: Any, total: int | None) -> tuple[bytes, int | None]:
        kept.append(keep(query, total))
        return original(self, query, total)

    monkeypatch.setattr(QueuePages, "_encoded_page", recording)
    return kept


@pytest.fixture
def renders(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The queries the desk's page cache sent to the store, in order."""
    return _recorded_pages(monkeypatch, lambda query, _: query)


@pytest.fixture
def totals(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The counts the desk's page cache handed its queries (None: the query counted)."""
    return _recorded_pages(monkeypatch, lambda _, total: total)


def test_an_unchanged_queue_is_served_without_querying_the_store(
    desk: Desk, renders: list[Any]
) -> None:
    _add_item(desk.services.database)
    first, second = desk.get(QUEUE, limit=5), desk.get(QUEUE, limit=5)
    assert first.content == second.content
    assert first.headers["content-type"] == "application/json"
    assert len(renders) == 1


def test_requests_for_the_same_page_after_a_write_share_one_query(
    desk: Desk, renders: list[Any]
) -> None:
    database = desk.services.database
    _add_item(database)
    pages = QueuePages.open(database)
    query = QueueQuery(QueueFilter(), limit=5)

    async def together() -> list[bytes]:
        try:
            first = await pages.body(query)
            _add_item(database, minutes=1)  # a write: the cached page is too old now
            return [first, *await asyncio.gather(*(pages.body(query) for _ in range(4)))]
        finally:
            await pages.close()

    first, *after = asyncio.run(together())
    assert len(renders) == 2  # one before the write, one shared by the four after it
    assert len(set(after)) == 1 and after[0] != first


def test_an_item_added_by_another_process_is_in_the_very_next_page(desk: Desk) -> None:
    before = _add_item(desk.services.database, minutes=0)
    assert _ids(desk, limit=5) == [before]
    with another_process(desk) as other:
        added = _add_item(other, minutes=1)
    assert _ids(desk, limit=5) == [added, before]


def test_a_status_change_by_another_process_moves_the_item_between_filtered_pages(
    desk: Desk,
) -> None:
    item = _add_item(desk.services.database)
    assert _ids(desk, status="pending") == [item]
    assert _ids(desk, status="approved") == []
    with another_process(desk) as other, other.session() as session:
        session.execute(update(ReviewItem).where(ReviewItem.id == item).values(status="approved"))
    assert _ids(desk, status="pending") == []
    assert _ids(desk, status="approved") == [item]


def test_a_flag_stored_by_another_process_is_seen_by_the_flag_filter(desk: Desk) -> None:
    item = _add_item(desk.services.database)
    assert _ids(desk, flag_type="hedged") == []
    with another_process(desk) as other, other.session() as session:
        session.add(_flag(item))
    assert _ids(desk, flag_type="hedged") == [item]
    assert desk.get(QUEUE, flag_type="hedged").json()["total"] == 1


def test_a_write_no_count_depends_on_keeps_the_count(desk: Desk, totals: list[int | None]) -> None:
    """A worker's progress changes what a page shows, not how many items match: the next page
    is queried again, its count is not."""
    item = _add_item(desk.services.database)
    assert desk.get(QUEUE, limit=5).json()["total"] == 1
    with another_process(desk) as other, other.session() as session:
        session.execute(
            update(ReviewItem).where(ReviewItem.id == item).values(analysis_state="failed")
        )
    page = desk.get(QUEUE, limit=5).json()
    assert page["items"][0]["analysis_state"] == "failed" and page["total"] == 1
    assert totals == [None, 1]


def test_a_status_change_by_another_process_is_counted_again(
    desk: Desk, totals: list[int | None]
) -> None:
    item = _add_item(desk.services.database)
    assert desk.get(QUEUE, status="pending").json()["total"] == 1
    with another_process(desk) as other, other.session() as session:
        session.execute(update(ReviewItem).where(ReviewItem.id == item).values(status="approved"))
    assert desk.get(QUEUE, status="pending").json()["total"] == 0
    assert totals == [None, None]


@pytest.mark.parametrize(
    ("table", "column", "counter"),
    [(t, c, "counted") for t, cs in COUNTED.items() for c in cs]
    + [(t, c, "flagged") for t, cs in FLAGGED.items() for c in cs],
)
def test_every_column_a_count_reads_advances_its_counter(
    desk: Desk, table: str, column: str, counter: str
) -> None:
    item = _add_item(desk.services.database)
    with desk.services.database.session() as session:
        session.add(_flag(item))
    before = _counters(desk.services.database)
    with desk.services.database.engine.begin() as connection:
        connection.execute(text(f"UPDATE {table} SET {column} = {column}"))
    assert getattr(_counters(desk.services.database), counter) > getattr(before, counter)


def test_the_counters_watch_every_column_a_count_filters_on() -> None:
    """A filter added to the queue count (repository._filtered) needs its columns watched."""
    filtered = {"status", "outlet", "created_at", "assigned_to", "open_contradictions"}
    watched = {column for columns in COUNTED.values() for column in columns}
    assert filtered <= watched and set(FLAGGED["flags"]) == {"item_id", "type"}


def _flag(item_id: str) -> FlagRow:
    return FlagRow(
        item_id=item_id,
        claim_id="c1",
        type="hedged",
        detector="t",
        start=0,
        end=3,
        text="The",
        detail="t",
    )


def test_an_article_retitled_by_another_process_shows_its_new_title(desk: Desk) -> None:
    _add_item(desk.services.database)
    assert desk.get(QUEUE).json()["items"][0]["title"] is None
    with another_process(desk) as other, other.session() as session:
        session.execute(update(Article).values(title="Budget approved"))
    assert desk.get(QUEUE).json()["items"][0]["title"] == "Budget approved"


def test_each_query_has_its_own_page(desk: Desk, renders: list[Any]) -> None:
    older, newer = _add_item(desk.services.database, 0), _add_item(desk.services.database, 1)
    first = desk.get(QUEUE, limit=1).json()
    assert [e["id"] for e in first["items"]] == [newer] and first["total"] == 2
    uncounted = desk.get(QUEUE, limit=1, count="false").json()
    assert uncounted["total"] is None
    assert _ids(desk, limit=1, cursor=first["next_cursor"]) == [older]
    assert _ids(desk, limit=1, offset=1) == [older]
    assert _ids(desk, limit=5, outlet="Daily") == []
    assert _ids(desk, limit=5, since=(START + timedelta(minutes=1)).isoformat()) == [newer]
    assert len(renders) == 6
    assert _ids(desk, limit=1) == [newer] and len(renders) == 6


def test_a_cached_page_still_needs_a_key(desk: Desk) -> None:
    _add_item(desk.services.database)
    assert desk.get(QUEUE).status_code == 200
    assert desk.client.get(QUEUE).status_code == 401
    refused = desk.client.get(QUEUE, headers={"Authorization": "Bearer dk_not-a-key"})
    assert refused.status_code == 401


def test_a_bad_cursor_is_refused_every_time(desk: Desk) -> None:
    for _ in range(2):
        response = desk.get(QUEUE, cursor="garbage")
        assert response.status_code == 422
        assert response.json()["error"] == "invalid_cursor"


def test_the_triggers_watch_every_column_the_listing_shows() -> None:
    shown = {(column.table.name, column.name) for column in QUEUE_COLUMNS}
    watched = {(table, column) for table, columns in WATCHED.items() for column in columns}
    assert shown <= watched, "a new listed column needs a migration that watches it"


@pytest.mark.parametrize(("table", "column"), [(t, c) for t, cs in WATCHED.items() for c in cs])
def test_every_listed_column_advances_the_generation(desk: Desk, table: str, column: str) -> None:
    """The triggers watch what the listing shows and filters on: each column's update counts.
    A column added to the listing (repository.QUEUE_COLUMNS) needs a trigger migration."""
    item = _add_item(desk.services.database)
    with desk.services.database.session() as session:
        session.add(_flag(item))
    before = _generation(desk.services.database)
    with desk.services.database.engine.begin() as connection:
        connection.execute(text(f"UPDATE {table} SET {column} = {column}"))
    assert _generation(desk.services.database) > before


def test_lease_renewals_leave_cached_pages_alone(desk: Desk) -> None:
    item = _add_item(desk.services.database)
    before = _generation(desk.services.database)
    with another_process(desk) as other, other.session() as session:
        session.execute(
            update(ReviewItem)
            .where(ReviewItem.id == item)
            .values(claimed_by="worker-1", lease_until=START, updated_at=START)
        )
    assert _generation(desk.services.database) == before


def _generation(database: Database) -> int:
    return _counters(database).value


def _counters(database: Database) -> Generations:
    async def read() -> Generations | None:
        reader = open_generation(database.engine)
        try:
            return await reader.read()
        finally:
            await reader.close()

    counters = asyncio.run(read())
    assert counters is not None
    return counters
