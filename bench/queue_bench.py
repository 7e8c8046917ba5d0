"""Queue-list throughput with 10,000 review items, on SQLite and on PostgreSQL.

Fills a fresh store (SQLite file / a throwaway PostgreSQL database) with N items, then times
GET /review/items through the whole app (auth, filters, pagination, JSON) from a loopback
client, over a bounded number of requests. Prints requests/s and p50/p99 latency per query.

Run: `python bench/queue_bench.py [--items 10000] [--requests 300]`.
Set DESKCHECK_TEST_POSTGRES to the admin URL if PostgreSQL is not at 127.0.0.1:5432.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from service.app import create_app
from service.auth.keys import create_key
from service.config import Settings
from service.store import Database
from service.store.models import Article, ReviewItem

ADMIN_URL = os.environ.get("DESKCHECK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
QUERIES = {
    "first page (50)": {"limit": 50},
    "status=pending": {"status": "pending", "limit": 50},
    "outlet filter": {"outlet": "outlet-3", "limit": 50},
    "deep page (offset 5000)": {"limit": 50, "offset": 5000},
}
STATUSES = ("pending", "in_review", "approved", "returned")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        sqlite_url = f"sqlite:///{Path(data_dir) / 'bench.db'}"
        _bench("SQLite", sqlite_url, Path(data_dir), args.items, args.requests)
    try:
        with _postgres_database() as url, tempfile.TemporaryDirectory() as data_dir:
            _bench("PostgreSQL", url, Path(data_dir), args.items, args.requests)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL skipped: not reachable at {ADMIN_URL} ({error})")
    return 0


def _bench(label: str, url: str, data_dir: Path, items: int, requests: int) -> None:
    settings = Settings(database_url=url, data_dir=data_dir, llm_base_url="http://127.0.0.1:9/v1")
    key = _fill(Database.from_settings(settings), items)
    with TestClient(create_app(settings)) as client:
        headers = {"Authorization": f"Bearer {key}"}
        print(f"\n{label}: {items:,} items, {requests} requests per query")
        print(f"  {'query':<26}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}")
        for name, params in QUERIES.items():
            _measure(client, headers, name, params, requests)


def _fill(database: Database, count: int) -> str:
    database.migrate()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with database.session() as session:
        for index in range(count):
            article_id = uuid.uuid4().hex
            session.add(
                Article(
                    id=article_id,
                    text=f"Article {index}.",
                    sha256=f"{index:064x}",
                    title=f"Story {index}",
                    outlet=f"outlet-{index % 10}",
                )
            )
            session.add(
                ReviewItem(
                    id=uuid.uuid4().hex,
                    article_id=article_id,
                    status=STATUSES[index % 4],
                    mode="fast",
                    analysis_state="done",
                    flag_count=index % 7,
                    submitted_by="bench",
                    created_at=start + timedelta(minutes=index),
                )
            )
        _, key = create_key(session, "bench-admin", "admin")
    database.close()
    return key


def _measure(
    client: TestClient, headers: dict[str, str], name: str, params: dict[str, object], requests: int
) -> None:
    latencies = []
    started = time.perf_counter()
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get("/review/items", params=params, headers=headers)
        latencies.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{name}: HTTP {response.status_code} {response.text[:300]}")
    elapsed = time.perf_counter() - started
    p99 = statistics.quantiles(latencies, n=100)[98]
    print(f"  {name:<26}{requests / elapsed:>8.0f}{statistics.median(latencies):>9.2f}{p99:>9.2f}")


@contextmanager
def _postgres_database() -> Iterator[str]:
    name = f"deskcheck_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
