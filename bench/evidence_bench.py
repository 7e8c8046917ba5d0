"""Benchmark of the deterministic evidence layer: `python bench/evidence_bench.py [--runs N]`.

Loading (lexicons, reference facts, gazetteer) happens once before timing; what is timed is
`analyze(document)` on already segmented documents, as in the service. Prints median and p90
milliseconds per article and per 1,000 words, for each seed article and for a synthetic
1,000-word article built from seed sentences; then, with `--real DIR` (repeatable), the median
over the .txt articles of each folder (e.g. PTC's train-articles, PolNeAR's train/text) of each
article's best of --real-runs. Wall time on a shared machine mostly measures the other jobs, so
each figure is also given as CPU time (`time.process_time`), with the load average.
"""

import argparse
import copy
import os
import statistics
import time
from importlib.resources import files
from pathlib import Path

from service.evidence import analyze
from service.evidence.factbase import seed_factbase
from service.evidence.gazetteer import load_gazetteer
from service.evidence.prefilter import forget_sentence_memos
from service.text import Document, build_document


def seed_articles() -> dict[str, str]:
    folder = files("seeds").joinpath("articles")
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".txt")
    }


def synthetic_article(texts: list[str], words: int = 1000) -> str:
    """Seed lines in turn until the article reaches `words` words."""
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    out: list[str] = []
    count = 0
    while count < words:
        line = lines[len(out) % len(lines)]
        out.append(line)
        count += len(line.split())
    return "\n".join(out)


def time_runs(document: Document, runs: int) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) of each run."""
    walls, cpus = [], []
    for _ in range(runs):
        forget_sentence_memos()  # each run must see the article as new
        # A new object with the same content: the prose classification is remembered for the
        # last document object (by identity), and a run on the same object would skip it.
        fresh = copy.copy(document)
        started, cpu = time.perf_counter(), time.process_time()
        analyze(fresh)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - started) * 1000)
    return walls, cpus


def report(name: str, text: str, runs: int) -> tuple[float, float, float]:
    document = build_document(text)
    words = len(text.split())
    walls, cpus = time_runs(document, runs)
    timings = sorted(walls)
    median = statistics.median(timings)
    p90 = timings[int(0.9 * (len(timings) - 1))]
    cpu = statistics.median(cpus)
    per_k = 1000 / words
    print(
        f"{name:32} {words:5d} words  median {median:6.2f} ms  p90 {p90:6.2f} ms  "
        f"per 1,000 words: median {median * per_k:6.2f} ms  p90 {p90 * per_k:6.2f} ms  "
        f"CPU median {cpu * per_k:6.2f} ms"
    )
    return median * per_k, p90 * per_k, cpu * per_k


def report_real(folder: Path, runs: int) -> None:
    """CPU ms per 1,000 words of each article of `folder` (100 words or more), best of `runs`."""
    per_k = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        if words >= 100:
            _, cpus = time_runs(build_document(text), runs)
            per_k.append(min(cpus) * 1000 / words)
    if not per_k:
        print(f"REAL {folder}: no article of 100 words or more")
        return
    print(
        f"REAL {folder.name} ({folder.parent.name}): {len(per_k)} articles, CPU per 1,000 words "
        f"(best of {runs}): median {statistics.median(per_k):.2f} ms, "
        f"p90 {sorted(per_k)[int(0.9 * (len(per_k) - 1))]:.2f} ms; {_load()}",
        flush=True,
    )


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--real", type=Path, action="append", default=[], help="folder of .txt")
    parser.add_argument("--real-runs", type=int, default=3)
    args = parser.parse_args()
    runs = args.runs
    print(_load())
    started = time.perf_counter()
    seed_factbase()
    load_gazetteer()
    analyze(build_document("Warm-up sentence, said Anna Kovalenko."))
    load_ms = (time.perf_counter() - started) * 1000
    print(f"loading (not counted): {load_ms:.0f} ms")
    articles = seed_articles()
    for name, text in articles.items():
        report(name, text, runs)
    synthetic = synthetic_article(list(articles.values()))
    median, p90, cpu = report("synthetic-1000-words", synthetic, runs)
    print(
        f"SUMMARY analyze() per 1,000 words (synthetic article, {runs} runs): "
        f"median {median:.2f} ms, p90 {p90:.2f} ms, CPU median {cpu:.2f} ms; "
        f"load {load_ms / 1000:.2f} s; {_load()}",
        flush=True,
    )
    for folder in args.real:
        report_real(folder, args.real_runs)


if __name__ == "__main__":
    main()
