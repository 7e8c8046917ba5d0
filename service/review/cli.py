"""`deskcheck batch`: many articles queued for the desk from the command line, and followed."""

import argparse
import getpass
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tqdm import tqdm

from schemas.common import ArticleIn
from schemas.review import SubmitRequest
from service.config import get_settings
from service.errors import BadArticle
from service.jobs.queue import JobQueue
from service.review.batches import CHUNK, add_articles, batch_counts, check_articles, open_batch
from service.review.context import Actor
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
    batch.set_defaults(run=_batch)


def _batch(args: argparse.Namespace) -> int:
    settings = get_settings()
    articles = list(read_articles(args.source))
    if not articles:
        raise BadArticle(f"no articles in {args.source}: give .txt/.json files or JSON lines")
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
    _summary(batch_id, counts, queued_s, time.monotonic() - started)
    queue.close()
    db.close()
    return 1 if counts.get("failed") else 0


def _follow(db: Database, batch_id: str, total: int) -> Counter[str]:
    """A progress bar over the batch's finished items until every one is done or failed."""
    with tqdm(total=total, desc="analysing", unit="article") as bar:
        while True:
            counts = batch_counts(db, batch_id)
            finished = sum(counts[state] for state in _FINISHED)
            bar.update(finished - bar.n)
            bar.set_postfix({s: n for s, n in sorted(counts.items()) if s not in _FINISHED})
            if finished >= sum(counts.values()):
                return counts
            time.sleep(0.5)


def _summary(batch_id: str, counts: Counter[str], queued_s: float, seconds: float) -> None:
    total = sum(counts.values())
    per_minute = 60 * counts["done"] / seconds if seconds > 0 else 0.0
    summary = {
        "batch": batch_id,
        "items": total,
        "counts": dict(sorted(counts.items())),
        "queued_in_seconds": round(queued_s, 1),
        "seconds": round(seconds, 1),
        "articles_per_minute": round(per_minute, 1),
    }
    print(json.dumps(summary))


def read_articles(source: str) -> Iterator[ArticleIn]:
    """One article per file in a folder (.txt: the text; .json: an article object), or one
    JSON object per line of a .jsonl file or standard input."""
    if source == "-":
        yield from _json_lines(sys.stdin, "stdin")
        return
    path = Path(source)
    if path.is_dir():
        for file in sorted(p for p in path.iterdir() if p.suffix in (".txt", ".json")):
            yield _from_file(file)
        return
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            yield from _json_lines(lines, str(path))
        return
    yield _from_file(path)


def _from_file(file: Path) -> ArticleIn:
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".json":
        return _article(json.loads(text), str(file))
    return ArticleIn(text=text)


def _json_lines(lines: Any, where: str) -> Iterator[ArticleIn]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield _article(json.loads(line), f"{where}:{number}")
            except json.JSONDecodeError as error:
                raise BadArticle(f"{where}:{number} is not JSON ({error.msg})") from error


def _article(fields: Any, where: str) -> ArticleIn:
    try:
        return ArticleIn.model_validate(fields)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(p) for p in problem["loc"])
        raise BadArticle(f"{where}: {field}: {problem['msg']}") from error
