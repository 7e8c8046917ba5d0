"""`deskcheck batch`: many articles queued for the desk from the command line, and followed:
into the local store (DATA_DIR), or to a desk anywhere by URL with an API key (--url, --key or
DESKCHECK_DESK_URL, DESKCHECK_DESK_KEY)."""

import argparse
import getpass
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from tqdm import tqdm

from schemas.common import ArticleIn
from schemas.review import SubmitRequest
from service.config import Settings, get_settings
from service.errors import BadArticle
from service.jobs.queue import JobQueue
from service.review.batch_files import read_articles
from service.review.batches import CHUNK, add_articles, batch_counts, check_articles, open_batch
from service.review.context import Actor
from service.review.desk_client import DeskClient, DeskRefused, request_chunks
from service.store import Database

_FINISHED = ("done", "failed")


def register(commands: Any) -> None:
    batch = commands.add_parser(
        "batch", help="queue many articles: a folder (one per file), a .jsonl file, or - (stdin)"
    )
    batch.add_argument("source", help="DIR of .txt/.json files, FILE.jsonl, or - for JSON lines")
    batch.add_argument("--mode", choices=["full", "fast"], default="full")
    batch.add_argument("--max-points", type=int, default=5)
    batch.add_argument(
        "--no-wait", action="store_true", help="return once queued, without following analysis"
    )
    batch.add_argument(
        "--url",
        help="a desk's base URL to submit to over HTTP (default: DESKCHECK_DESK_URL; "
        "neither: the local store)",
    )
    batch.add_argument(
        "--key", help="that desk's API key, submitter or above (default: DESKCHECK_DESK_KEY)"
    )
    batch.set_defaults(run=_batch)


def _batch(args: argparse.Namespace) -> int:
    settings = get_settings()
    articles = list(read_articles(args.source))
    if not articles:
        raise BadArticle(f"no articles in {args.source}: give .txt/.json files or JSON lines")
    url = args.url or settings.desk_url
    if url:
        return _remote_batch(args, url, _desk_key(args, settings), articles)
    return _local_batch(args, settings, articles)


def _local_batch(args: argparse.Namespace, settings: Settings, articles: list[ArticleIn]) -> int:
    db = Database.from_settings(settings)
    db.migrate()
    queue = JobQueue(settings)
    actor = Actor(f"cli:{getpass.getuser()}", None)
    started = time.monotonic()
    batch_id = open_batch(db, actor)
    created = 0
    with tqdm(total=len(articles), desc="queueing", unit="article") as bar:
        for first in range(0, len(articles), CHUNK):
            chunk = articles[first : first + CHUNK]
            check_articles(chunk, settings)  # a bad article stops here; those before it stay
            requests = [
                SubmitRequest(article=a, mode=args.mode, max_points=args.max_points) for a in chunk
            ]
            entries = add_articles(db, queue, batch_id, first, requests, actor)
            created += sum(entry.created for entry in entries)
            bar.update(len(chunk))
    queued_s = time.monotonic() - started
    print(
        f"batch {batch_id}: {len(articles)} article(s), {created} new, "
        f"{len(articles) - created} already submitted (kept, not analysed again)",
        file=sys.stderr,
    )
    counts = batch_counts(db, batch_id) if args.no_wait else _follow(db, batch_id, len(articles))
    _summary([batch_id], counts, queued_s, time.monotonic() - started)
    queue.close()
    db.close()
    return 1 if counts.get("failed") else 0


def _follow(db: Database, batch_id: str, total: int) -> Counter[str]:
    # The local store answers a count in about a millisecond: ask often, so the command ends
    # soon after the last item does (a desk over HTTP is asked every half second).
    return _until_finished(lambda: batch_counts(db, batch_id), total, every_s=0.1)


def _until_finished(
    count: Callable[[], Counter[str]], total: int, every_s: float = 0.5
) -> Counter[str]:
    """A progress bar over the finished items until every one is done or failed."""
    with tqdm(total=total, desc="analysing", unit="article") as bar:
        while True:
            counts = count()
            finished = sum(counts[state] for state in _FINISHED)
            bar.update(finished - bar.n)
            bar.set_postfix({s: n for s, n in sorted(counts.items()) if s not in _FINISHED})
            if finished >= sum(counts.values()):
                return counts
            time.sleep(every_s)


def _summary(batch_ids: list[str], counts: Counter[str], queued_s: float, seconds: float) -> None:
    total = sum(counts.values())
    per_minute = 60 * counts["done"] / seconds if seconds > 0 else 0.0
    summary = {
        "batch": batch_ids[0],
        "batches": batch_ids,
        "items": total,
        "counts": dict(sorted(counts.items())),
        "queued_in_seconds": round(queued_s, 1),
        "seconds": round(seconds, 1),
        "articles_per_minute": round(per_minute, 1),
    }
    print(json.dumps(summary))


def _desk_key(args: argparse.Namespace, settings: Settings) -> str:
    key = args.key or (settings.desk_key.get_secret_value() if settings.desk_key else None)
    if not key:
        raise DeskRefused(
            "missing_key",
            "a batch sent to a desk by URL needs its API key: --key or DESKCHECK_DESK_KEY "
            "(an admin makes one with `deskcheck keys create --role submitter --name ingest`)",
        )
    return key


def _remote_batch(args: argparse.Namespace, url: str, key: str, articles: list[ArticleIn]) -> int:
    """The batch sent to the desk at `url` in requests of a bounded size (each its own batch
    there), then followed there until analysed unless --no-wait."""
    client = DeskClient(url, key)
    started = time.monotonic()
    batch_ids: list[str] = []
    created = 0
    try:
        with tqdm(total=len(articles), desc=f"sending to {url}", unit="article") as bar:
            for chunk in request_chunks(articles):
                view = client.submit(chunk, args.mode, args.max_points)
                batch_ids.append(view.id)
                created += sum(entry.created for entry in view.items)
                bar.update(len(chunk))
        queued_s = time.monotonic() - started
        print(
            f"{len(batch_ids)} batch(es) at {url}: {len(articles)} article(s), {created} new",
            file=sys.stderr,
        )
        counts = (
            _remote_counts(client, batch_ids)
            if args.no_wait
            else _until_finished(partial(_remote_counts, client, batch_ids), len(articles))
        )
    finally:
        client.close()
    _summary(batch_ids, counts, queued_s, time.monotonic() - started)
    return 1 if counts.get("failed") else 0


def _remote_counts(client: DeskClient, batch_ids: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for batch_id in batch_ids:
        counts.update(client.batch(batch_id).counts)
    return counts
