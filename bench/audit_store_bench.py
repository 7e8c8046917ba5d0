"""A desk store of N analysed items, then `deskcheck audit verify` over it, timed.

Each item goes through the desk's own functions: submitted, analysed in fast mode (the two seed
articles in turn; each analysed once, its result stored for every item that uses it), its summary
edited, one flag decided, and every fourth approved over what remains undecided. So the chain,
the tables and whatever binds them are what the desk writes.

Run: `python bench/audit_store_bench.py DIR [--items 1000]`: builds the store under DIR (a new
directory) unless it exists, then times `deskcheck audit verify` on it: in this process, once the
command's imports are loaded (seconds on a cold start, whatever the store holds): the median
of 5 runs, wall and CPU time.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from schemas.common import ArticleIn
from schemas.review import DecideRequest, SubmitRequest
from service import cli
from service.analyze.fast import fast_analysis
from service.config import Settings, get_settings
from service.review import lease, service
from service.review.analysis import Results, record_results
from service.review.context import Actor
from service.store import Database

ACTOR = Actor("bench")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    if not args.dir.exists():
        started = time.perf_counter()
        _build(args.dir, args.items)
        print(f"built {args.items} items in {time.perf_counter() - started:.1f} s")
    os.environ["DESKCHECK_DATA_DIR"] = str(args.dir)
    get_settings.cache_clear()
    _verify()  # loads the command's imports
    runs = [_verify() for _ in range(5)]
    wall, cpu = (statistics.median(run[i] for run in runs) for i in (0, 1))
    print(f"deskcheck audit verify: median {wall:.2f} s wall, {cpu:.2f} s CPU over 5 runs")
    return 0


def _build(data_dir: Path, items: int) -> None:
    data_dir.mkdir(parents=True)
    settings = Settings(data_dir=data_dir, llm_base_url="http://127.0.0.1:9/v1")
    db = Database.from_settings(settings)
    db.migrate()
    articles = [ArticleIn(text=path.read_text()) for path in sorted(_seeds())]
    results = [Results(*fast_analysis(a, 5, None, settings)) for a in articles]
    for n in range(items):
        which = n % len(articles)
        request = SubmitRequest(article=articles[which], mode="fast")
        item_id = service.store_submission(db, request, ACTOR)
        held = lease.claim(db, item_id, 60)
        assert held is not None
        record_results(db, held, results[which], ACTOR)
        view = service.edit_summary(db, item_id, f"An edited summary, number {n}.", ACTOR)
        if view.flags:
            decision = DecideRequest(decision="accept", expected_version=view.flags[0].version)
            service.decide_flag(db, item_id, view.flags[0].id, decision, ACTOR)
        if n % 4 == 0:
            service.approve(db, item_id, ACTOR, "bench", may_override=True)
    db.close()


def _seeds() -> list[Path]:
    return list((Path(__file__).resolve().parents[1] / "seeds" / "articles").glob("*.txt"))


def _verify() -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU: less at the mercy of other processes' load)."""
    started, cpu = time.perf_counter(), time.process_time()
    code = cli.main(["audit", "verify"])
    assert code == 0, "the trail does not verify"
    return time.perf_counter() - started, time.process_time() - cpu


if __name__ == "__main__":
    sys.exit(main())
