"""A queue page after a write, every time, with no request to share its query: the worst case.

In one process, at 10,000 items (the same store queue_bench.py fills), the queue generation is
moved by another connection before every page, so every page misses the cache; the figure is
the CPU of building that page alone (queue_pages.QueuePages.body: the generation read, the
rows, the count unless the counters a count depends on stood still, the JSON), the median of 5
rounds of 200 pages. The moves change what a page shows and no count, as a worker's progress
does (migration 0017_queue_counts); `--counted` moves the counters a count depends on too, as
a new item does.

Run: `python bench/queue_miss_bench.py [--counted]`; PostgreSQL at DESKCHECK_TEST_POSTGRES (as
queue_bench.py), skipped when not reachable.
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
import queue_bench  # noqa: E402

from service.review.queue_pages import QueuePages, QueueQuery  # noqa: E402
from service.review.repository import QueueFilter  # noqa: E402
from service.store import Database  # noqa: E402

QUERIES = {"first page (50, counted)": QueueFilter(), "status=pending": QueueFilter("pending")}
_MOVE = "UPDATE queue_generation SET value = value + 1 WHERE id = 1"
_MOVE_COUNTED = "UPDATE queue_generation SET value = value + 1, counted = counted + 1 WHERE id = 1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counted", action="store_true", help="moves change counts too")
    move = _MOVE_COUNTED if parser.parse_args().counted else _MOVE
    _bench("SQLite", f"sqlite:///{tempfile.mkdtemp(prefix='deskcheck-queue-miss-')}/q.db", move)
    try:
        with queue_bench._postgres_database() as url:
            _bench("PostgreSQL", url, move)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL skipped: {error}")
    return 0


def _bench(label: str, url: str, move: str) -> None:
    queue_bench._fill(url, 10_000)
    database = Database(url)
    raw = database.engine.raw_connection()
    try:
        for name, where in QUERIES.items():
            pages = QueuePages.open(database)
            ms = asyncio.run(_rounds(pages, QueueQuery(where, limit=50), raw, move))
            one, five, _ = os.getloadavg()
            print(
                f"{label:<11}{name:<27}{ms:.3f} ms CPU per page; load average {one:.1f}, {five:.1f}"
            )
    finally:
        raw.close()
        database.close()


async def _rounds(pages: QueuePages, query: QueueQuery, raw: object, move: str) -> float:
    try:
        await pages.body(query)  # what a process sets up on its first page is not measured
        medians = []
        for _ in range(5):
            spent = 0.0
            for _ in range(200):
                cursor = raw.cursor()  # type: ignore[attr-defined]
                cursor.execute(move)
                raw.commit()  # type: ignore[attr-defined]
                started = time.process_time()
                await pages.body(query)
                spent += time.process_time() - started
            medians.append(1000 * spent / 200)
        return statistics.median(medians)
    finally:
        await pages.close()


if __name__ == "__main__":
    sys.exit(main())
