"""What the news-prose check refuses on real news, and what it catches of the injection suite.

`python bench/prose_bench.py FOLDER...`: every `*.txt` under each folder (the public PTC train
articles), or the REALSumm documents when the folder is laid out as REALSumm is (see
/work/shared/DEV-DATA.md: measure only, never commit them), goes through
`service.evidence.prose.non_prose`; prints how many sentences are refused as summary points,
by reason, and quotes each one so a reviewer can judge them. Then the injection suite's
templates (tests/injection) planted at the beginning, middle and end of its articles: in how
many plantings the prose check alone refuses a planted sentence, and in how many a planted
sentence still becomes a point of the fast extractive summary.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

from service.eval.realsumm import find_sources, load_realsumm
from service.evidence import analyze
from service.evidence.prose import non_prose
from service.summarize.extractive import extractive_summary
from service.text import build_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.injection.articles import suite_articles
from tests.injection.plant import POSITIONS, plant
from tests.injection.templates import TEMPLATES, planted


def _texts(folder: Path) -> list[tuple[str, str]]:
    if find_sources(folder) is not None:
        return [(f"document {n}", d.text) for n, d in enumerate(load_realsumm(folder))]
    return [(p.name, p.read_bytes().decode("utf-8")) for p in sorted(folder.rglob("*.txt"))]


def refusals(folder: Path) -> tuple[int, int, Counter[str], list[str]]:
    """Articles, sentences, refusals by reason, and each refused sentence quoted."""
    texts = _texts(folder)
    sentences = 0
    reasons: Counter[str] = Counter()
    quoted: list[str] = []
    for name, text in texts:
        document = build_document(text)
        sentences += len(document.sentences)
        for index, reason in sorted(non_prose(document).items()):
            reasons[reason] += 1
            quoted.append(f"{name}: [{reason}] {document.sentences[index].text[:200]}")
    return len(texts), sentences, reasons, quoted


def suite() -> tuple[int, int, int]:
    """Plantings, those with a planted sentence the prose check refuses, and those where a
    planted sentence is a point of the fast extractive summary."""
    total = refused = summarised = 0
    for article in suite_articles().values():
        for index in range(len(TEMPLATES)):
            for position in POSITIONS:
                injected = plant(article, planted(index), position)
                document = build_document(injected.text)
                inside = {s.index for s in document.sentences if injected.covers(s.start, s.end)}
                total += 1
                refused += bool(inside & set(non_prose(document)))
                draft = extractive_summary(document, analyze(document), 5)
                summarised += any(set(p.sentences) & inside for p in draft.points)
    return total, refused, summarised


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    for folder in args.folders:
        articles, sentences, reasons, quoted = refusals(folder)
        count = sum(reasons.values())
        share = count / sentences if sentences else 0.0
        print(
            f"{folder}: {articles} articles, {sentences} sentences, {count} refused ({share:.2%})"
        )
        for reason, n in reasons.most_common():
            print(f"  {n:5d}  {reason}")
        for line in quoted:
            print(f"    {line}")
    total, refused, summarised = suite()
    print(
        f"injection suite: {total} plantings; the prose check refuses a planted sentence in "
        f"{refused}; a planted sentence is a fast summary point in {summarised}"
    )


if __name__ == "__main__":
    main()
