"""Queue pages as the API sends them, encoded once and served again while the queue is unchanged.

Consistency: a request first reads the store's queue generation (service/store/generation.py),
a counter that every commit changing the listing advances in the same transaction, whichever
process commits (API replicas, workers, the CLI; migration 0008's triggers). A cached page is
served only under the generation this request read or a newer one (it was queried after this
request's commit was visible); otherwise the store is queried, once for all the requests that
want the same page at that generation, and the page is kept under it. So a request that starts
after a commit never gets a page from before it: a write is visible on the very next read, in
every process. A page queried just after a concurrent commit may be newer than its generation;
it is then served only to requests that started before that commit was visible, which is never
stale.

Counts are kept apart, under the two counters a count depends on (migration 0017): a write
that changes what a page shows but no count (a worker's progress, a decision, an edit) costs
the next page its rows, not a count of every matching item. A count is reused under the same
rule as a page: computed after this request read its counters, or at the same counters.

The listing is the same for every key allowed to read it (submitter and up), so pages are
shared between principals; authentication still runs on every request before the cache.
"""

import asyncio
from dataclasses import dataclass

from cachetools import LRUCache
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from schemas.review import QueuePage
from service.review import service
from service.review.repository import QueueFilter
from service.store import Database
from service.store.generation import Generation, Generations, open_generation

# ~20 KB for a page of 50: a few MB per process at most; old generations age out.
_MAX_PAGES = 256
_ENCODER = TypeAdapter(QueuePage)


@dataclass(frozen=True)
class QueueQuery:
    """Everything a page depends on besides the store: the cache key."""

    where: QueueFilter
    limit: int
    offset: int = 0
    cursor: str | None = None
    count: bool = True


@dataclass(frozen=True)
class _Encoded:
    generation: int
    body: bytes


@dataclass(frozen=True)
class _Count:
    """A filter's count, and the counters read before it was counted."""

    counted: int
    flagged: int
    total: int

    def fresh_for(self, where: QueueFilter, now: Generations) -> bool:
        """Counted after `now` was read, or at it: only a flag filter's count reads flags."""
        flags_hold = where.flag_type is None or self.flagged >= now.flagged
        return self.counted >= now.counted and flags_hold


class QueuePages:
    def __init__(self, database: Database, generation: Generation) -> None:
        self.database = database
        self.generation = generation
        # Touched on the event loop only, between awaits: no lock needed.
        self._pages: LRUCache[QueueQuery, _Encoded] = LRUCache(maxsize=_MAX_PAGES)
        self._counts: LRUCache[QueueFilter, _Count] = LRUCache(maxsize=_MAX_PAGES)
        self._running: dict[QueueQuery, tuple[int, asyncio.Future[bytes]]] = {}
        """Queries under way, with the generation each read before it started."""

    @classmethod
    def open(cls, database: Database) -> "QueuePages":
        return cls(database, open_generation(database.engine))

    async def body(self, query: QueueQuery) -> bytes:
        """The page as JSON (QueuePage); BadCursor for a cursor this queue did not issue.

        Any page queried after this request read its generation is fresh enough for it: a
        cached page of that generation or a newer one, or the query of another request for
        the same page still under way, if it started at that generation or later. So after a
        write, the requests waiting for the same page (a desk's pollers, every editor's queue)
        share one query instead of each sending its own."""
        counters = await self.generation.read()
        if counters is None:
            body, _ = await run_in_threadpool(self._encoded_page, query, None)
            return body
        generation = counters.value
        cached = self._pages.get(query)
        if cached is not None and cached.generation >= generation:
            return cached.body
        running = self._running.get(query)
        if running is None or running[0] < generation:
            running = (generation, asyncio.ensure_future(self._query(query, counters)))
            running[1].add_done_callback(_retrieved)
            self._running[query] = running
        # Shielded: a client that hangs up cancels its own wait, not a query others share.
        return await asyncio.shield(running[1])

    async def _query(self, query: QueueQuery, counters: Generations) -> bytes:
        known = self._counts.get(query.where)
        total = (
            known.total if known is not None and known.fresh_for(query.where, counters) else None
        )
        try:
            body, counted = await run_in_threadpool(self._encoded_page, query, total)
        finally:
            running = self._running.get(query)
            if running is not None and running[0] == counters.value:
                del self._running[query]
        self._keep(query, _Encoded(counters.value, body))
        if counted is not None:
            self._keep_count(query.where, _Count(counters.counted, counters.flagged, counted))
        return body

    async def close(self) -> None:
        await self.generation.close()

    def _encoded_page(self, query: QueueQuery, total: int | None) -> tuple[bytes, int | None]:
        """The page as JSON, counted unless `total` is known; and the count it made, if any."""
        counts = query.count and query.cursor is None
        page = service.list_queue(
            self.database,
            query.where,
            query.limit,
            offset=query.offset,
            cursor=query.cursor,
            count=counts and total is None,
        )
        if counts and total is not None:
            page.total = total
            return _ENCODER.dump_json(page), None
        return _ENCODER.dump_json(page), page.total

    def _keep(self, query: QueueQuery, page: _Encoded) -> None:
        # Requests overlap: one that read an older generation may finish last. The counter
        # only grows, so the newer page stays.
        current = self._pages.get(query)
        if current is None or current.generation <= page.generation:
            self._pages[query] = page

    def _keep_count(self, where: QueueFilter, count: _Count) -> None:
        current = self._counts.get(where)
        if current is None or (current.counted, current.flagged) <= (count.counted, count.flagged):
            self._counts[where] = count


def _retrieved(done: "asyncio.Future[bytes]") -> None:
    """A shared query that failed after every waiter hung up: its error is read here (the
    request that meets it again gets it as its answer), not left for the loop to log."""
    if not done.cancelled():
        done.exception()
