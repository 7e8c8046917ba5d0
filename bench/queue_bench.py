"""Queue-list throughput at 10,000 review items, on SQLite and on PostgreSQL, through the app.

Fills a fresh store (a SQLite file / a throwaway PostgreSQL database) with N items, serves the
app with uvicorn on loopback (--workers, default 2: one per core, as docs/deploy.md advises per
replica) and drives GET /review/items with Debian's `wrk` in its own process: every request is
authenticated, filtered, paginated and serialized like a client's. Prints requests/s, p50/p99
latency and the server processes' CPU ms per request, per store and query, each the median of
--runs runs. Nothing writes during a run, so after each process's first request per query the
page comes from its cache (service/review/queue_pages.py): the figures are the cost of a
request whose store generation is unchanged, which is what a desk polling the queue mostly
sends. A page after a write costs what the uncached listing did (a few ms of CPU).

Needs `wrk` on PATH (`apt-get install wrk`); installs nothing itself.
Run: `python bench/queue_bench.py [--items 10000] [--workers 2] [--connections 16] [--seconds 8]`
(or `python bench/run.py queue`; `make bench` runs it with the others).
Set DESKCHECK_TEST_POSTGRES to the admin URL if PostgreSQL is not at 127.0.0.1:5432.
"""

import argparse
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psycopg
from sqlalchemy import insert

from service.auth.keys import create_key
from service.store import Database
from service.store.models import Article, FlagRow, ReviewItem
from tests.served import cpu_seconds, wait_until_idle, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("DESKCHECK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
STATUSES = ("pending", "in_review", "approved", "returned")
DEPTH = 5000
_LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Figures:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu_ms: float  # the uvicorn processes' CPU time per request (database server apart)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--after-write-only", action="store_true", help="only the pages after a write"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("queue bench needs wrk on PATH (Debian: apt-get install wrk); skipped")
        return 1
    print(
        f"GET /review/items, {args.items:,} items; uvicorn --workers {args.workers} on loopback; "
        f"wrk -t2 -c{args.connections} -d{args.seconds}s; median of {args.runs} runs"
    )
    with tempfile.TemporaryDirectory() as data_dir:
        _bench("SQLite", f"sqlite:///{Path(data_dir) / 'bench.db'}", Path(data_dir), args)
    try:
        with _postgres_database() as url, tempfile.TemporaryDirectory() as data_dir:
            _bench("PostgreSQL", url, Path(data_dir), args)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL skipped: not reachable at {ADMIN_URL} ({error})")
    return 0


def _bench(label: str, url: str, data_dir: Path, args: argparse.Namespace) -> None:
    key = _fill(url, args.items)
    with _serving(url, data_dir, args.workers) as (base, server):
        headers = {"Authorization": f"Bearer {key}"}
        print(f"\n{label}")
        print(f"  {'query':<26}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}")
        cached = {} if args.after_write_only else _queries(_cursor_at(base, headers, DEPTH))
        for name, params in cached.items():
            target = f"{base}/review/items?{urlencode(params)}"
            _check(target, headers)
            runs = [_wrk(target, key, args, server) for _ in range(args.runs)]
            _print(name, runs)
        # Unmeasured: a process's first requests pay for what it sets up on first use.
        _wrk(f"{base}/review/items?limit=50", key, args, server)
        print(f"  after a write (the queue generation moved before every request): {_load()}")
        for name, params in _after_write_queries().items():
            target = f"{base}/review/items?{urlencode(params)}"
            started = time.monotonic()
            with _writing(url) as writes:
                runs = [_wrk(target, key, args, server) for _ in range(args.runs)]
            _print(name, runs)
            print(f"    (the writer committed {writes[0] / (time.monotonic() - started):.0f}/s)")


def _queries(deep_cursor: str) -> dict[str, dict[str, object]]:
    """What the desk and API clients ask for: pages near the top, deep pages, filters."""
    return {
        "first page (50, counted)": {"limit": 50},
        "first page, count=false": {"limit": 50, "count": "false"},
        f"offset {DEPTH}": {"limit": 50, "offset": DEPTH},
        f"cursor at {DEPTH}": {"limit": 50, "cursor": deep_cursor},
        "status=pending": {"status": "pending", "limit": 50},
        "flag_type=hedged": {"flag_type": "hedged", "limit": 50},
    }


def _after_write_queries() -> dict[str, dict[str, object]]:
    """What a desk polling the queue asks for while workers write: nothing comes cached."""
    return {
        "first page (50, counted)": {"limit": 50},
        "status=pending": {"status": "pending", "limit": 50},
    }


@contextmanager
def _writing(url: str) -> Iterator[list[int]]:
    """A writer advancing the queue generation as fast as it can, up to every half millisecond
    (as a commit changing the listing does): requests miss the page cache and pay what a page
    after a write costs (those that overlap one at the same generation share its query, as
    they do after a real write). It counts its commits; its own CPU is not the server's."""
    stop = threading.Event()
    writes = [0]

    def write() -> None:
        with _raw_connection(url) as connection:
            while not stop.is_set():
                connection.execute("UPDATE queue_generation SET value = value + 1 WHERE id = 1")
                writes[0] += 1
                time.sleep(0.0005)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield writes
    finally:
        stop.set()
        writer.join(timeout=10)


@contextmanager
def _raw_connection(url: str) -> Iterator[Any]:
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("PRAGMA busy_timeout=5000")
        try:
            yield connection
        finally:
            connection.close()
        return
    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as pg:
        yield pg


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def _fill(url: str, count: int) -> str:
    """`count` items with articles over 10 outlets, a quarter per status, a flag on every 7th."""
    database = Database(url)
    database.migrate()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    articles, items, flags = [], [], []
    for index in range(count):
        article_id, item_id = uuid.uuid4().hex, uuid.uuid4().hex
        articles.append(
            {
                "id": article_id,
                "text": f"Article {index}.",
                "sha256": f"{index:064x}",
                "title": f"Story {index}",
                "outlet": f"outlet-{index % 10}",
                "created_at": start,
            }
        )
        items.append(
            {
                "id": item_id,
                "article_id": article_id,
                "status": STATUSES[index % 4],
                "mode": "fast",
                "max_points": 5,
                "analysis_state": "done",
                "attempts": 1,
                "flag_count": 1 if index % 7 == 0 else 0,
                "submitted_by": "bench",
                "created_at": start + timedelta(minutes=index),
                "updated_at": start,
            }
        )
        if index % 7 == 0:
            flags.append(
                {"item_id": item_id, "claim_id": "c1", "type": "hedged", "detector": "bench"}
                | {"start": 0, "end": 7, "text": "Article", "detail": "bench"}
            )
    with database.session() as session:
        session.execute(insert(Article), articles)
        session.execute(insert(ReviewItem), items)
        session.execute(insert(FlagRow), flags)
        _, key = create_key(session, "bench-admin", "admin")
    if not database.embedded:
        # Fresh statistics, as autovacuum would have by then; committed, or they are discarded.
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    database.close()
    return key


@contextmanager
def _serving(url: str, data_dir: Path, workers: int) -> Iterator[tuple[str, int]]:
    """The app under uvicorn on a free loopback port, as `deskcheck serve` would run it."""
    port = _free_port()
    env = os.environ | {
        "DESKCHECK_DATABASE_URL": url,
        "DESKCHECK_DATA_DIR": str(data_dir),
        # A remote backend that is never called: listing the queue needs no model.
        "DESKCHECK_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "DESKCHECK_LLM_MODEL": "bench",
        # An API replica as docs/deploy.md runs it: analysis jobs run in `deskcheck worker`s.
        "DESKCHECK_EMBEDDED_WORKERS": "0",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--no-access-log", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server)
        wait_until_idle(server.pid)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def _cursor_at(base: str, headers: dict[str, str], depth: int) -> str:
    """The cursor a client holds after paging `depth` items in."""
    page = httpx.get(
        f"{base}/review/items", params={"limit": 50, "offset": depth - 50}, headers=headers
    ).json()
    cursor: str = page["next_cursor"]
    return cursor


def _check(target: str, headers: dict[str, str]) -> None:
    response = httpx.get(target, headers=headers)
    if response.status_code != 200 or not response.json()["items"]:
        raise SystemExit(f"{target}: HTTP {response.status_code} {response.text[:300]}")


def _wrk(target: str, key: str, args: argparse.Namespace, server: int) -> Figures:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
    command += ["-H", f"Authorization: Bearer {key}", target]
    cpu_before = cpu_seconds(server)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    cpu = cpu_seconds(server) - cpu_before
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(_field(r"(\d+) requests in", out))
    return Figures(
        requests_per_s=float(_field(r"Requests/sec:\s+([\d.]+)", out)),
        p50_ms=_latency_ms(_field(r"\s50%\s+([\d.]+\w+)", out)),
        p99_ms=_latency_ms(_field(r"\s99%\s+([\d.]+\w+)", out)),
        errors=int(errors.group(1)) if errors else 0,
        server_cpu_ms=cpu / max(requests, 1) * 1000,
    )


def _field(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise SystemExit(f"unexpected wrk output (no {pattern!r}):\n{text}")
    return match.group(1)


def _latency_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * _LATENCY_UNITS[unit]


def _print(name: str, runs: list[Figures]) -> None:
    rate = statistics.median(r.requests_per_s for r in runs)
    p50 = statistics.median(r.p50_ms for r in runs)
    p99 = statistics.median(r.p99_ms for r in runs)
    cpu = statistics.median(r.server_cpu_ms for r in runs)
    errors = sum(r.errors for r in runs)
    note = f"  ({errors} non-2xx)" if errors else ""
    print(f"  {name:<26}{rate:>8.0f}{p50:>9.2f}{p99:>9.2f}{cpu:>12.2f}{note}", flush=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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
