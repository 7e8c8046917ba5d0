"""Benchmark of the deterministic evidence layer: `python bench/evidence_bench.py [--runs N]`.

Loading (lexicons, reference facts, gazetteer) happens once before timing; what is timed is
`analyze(document)` on already segmented documents, as in the service. Prints median and p90
milliseconds per article and per 1,000 words, for each seed article and for a synthetic
1,000-word article built from seed sentences.
"""

import argparse
import statistics
import time
from importlib.resources import files

from service.evidence import analyze
from service.evidence.attribution import checkworthy
from service.evidence.factbase import seed_factbase
from service.evidence.gazetteer import load_gazetteer
from service.evidence.prefilter import lowered
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


def time_runs(document: Document, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        checkworthy.cache_clear()
        lowered.cache_clear()  # per-sentence memo: each run must see the article as new
        started = time.perf_counter()
        analyze(document)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(name: str, text: str, runs: int) -> tuple[float, float]:
    document = build_document(text)
    words = len(text.split())
    timings = sorted(time_runs(document, runs))
    median = statistics.median(timings)
    p90 = timings[int(0.9 * (len(timings) - 1))]
    per_k = 1000 / words
    print(
        f"{name:32} {words:5d} words  median {median:6.2f} ms  p90 {p90:6.2f} ms  "
        f"per 1,000 words: median {median * per_k:6.2f} ms  p90 {p90 * per_k:6.2f} ms"
    )
    return median * per_k, p90 * per_k


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    runs = parser.parse_args().runs
    started = time.perf_counter()
    seed_factbase()
    load_gazetteer()
    analyze(build_document("Warm-up sentence, said Anna Kovalenko."))
    load_ms = (time.perf_counter() - started) * 1000
    print(f"loading (not counted): {load_ms:.0f} ms")
    articles = seed_articles()
    for name, text in articles.items():
        report(name, text, runs)
    median, p90 = report("synthetic-1000-words", synthetic_article(list(articles.values())), runs)
    print(
        f"SUMMARY analyze() per 1,000 words (synthetic article, {runs} runs): "
        f"median {median:.2f} ms, p90 {p90:.2f} ms; load {load_ms / 1000:.2f} s"
    )


if __name__ == "__main__":
    main()
