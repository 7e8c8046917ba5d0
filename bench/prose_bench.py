"""What the news-prose check refuses on real news, and what it catches of the injection suite.

`python bench/prose_bench.py FOLDER...`: every `*.txt` under each folder (the public PTC train
articles), or the REALSumm documents when the folder is laid out as REALSumm is (see
/work/shared/DEV-DATA.md: measure only, never commit them), goes through
`service.evidence.prose.non_prose`; prints how many sentences are refused as summary points,
by reason, and quotes each one so a reviewer can judge them; then what no model output may draw
on (`service.evidence.planted.withholding`): the sentences refused as prose or planted, the other
questions and orders to the reader, and how many of those hold a word the article's reporting
does not explain (a model's flag may not quote such a question whole, nor a point carry that
word), each quoted. Then the injection suite's
templates (tests/injection) planted at the beginning, middle and end of its articles: in how
many plantings the prose check alone refuses a planted sentence, and in how many a planted
sentence still becomes a point of the fast extractive summary.
"""

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from service.eval.realsumm import find_sources, load_realsumm
from service.evidence import Signal, analyze
from service.evidence.planted import Withheld, withholding
from service.evidence.prose import non_prose
from service.summarize.extractive import extractive_summary
from service.text import Document, build_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.injection.articles import suite_articles
from tests.injection.plant import POSITIONS, plant
from tests.injection.templates import TEMPLATES, planted


def _texts(folder: Path) -> list[tuple[str, str]]:
    if find_sources(folder) is not None:
        return [(f"document {n}", d.text) for n, d in enumerate(load_realsumm(folder))]
    return [(p.name, p.read_bytes().decode("utf-8")) for p in sorted(folder.rglob("*.txt"))]


@dataclass
class Refusals:
    articles: int = 0
    sentences: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    quoted: list[str] = field(default_factory=list)
    planted: int = 0
    """Sentences no model output may cite, quote or draw on (planted, or not prose)."""
    asked: int = 0
    """Other questions and orders to the reader: never cited, their own words never written."""
    own_words: list[str] = field(default_factory=list)
    """Those of them holding a word the reporting does not explain, quoted."""
    flags: int = 0
    flags_withheld: int = 0
    """Deterministic flags whose words no model output may carry: a model's flag on the same
    words would be dropped."""


def refusals(folder: Path) -> Refusals:
    """Refusals by reason with each refused sentence quoted, and what is withheld."""
    texts = _texts(folder)
    found = Refusals(articles=len(texts))
    for name, text in texts:
        document = build_document(text)
        found.sentences += len(document.sentences)
        for index, reason in sorted(non_prose(document).items()):
            found.reasons[reason] += 1
            found.quoted.append(f"{name}: [{reason}] {document.sentences[index].text[:200]}")
        evidence = analyze(document)
        withheld = withholding(document, evidence)
        flags = [s for s in evidence.signals() if s.type != "embedded_instructions"]
        found.flags += len(flags)
        found.flags_withheld += sum(_on_withheld_words(document, withheld, s) for s in flags)
        found.planted += len(withheld.planted)
        found.asked += len(withheld.asked)
        found.own_words += [
            f"{name}: {document.sentences[i].text[:200]}"
            for i in sorted(withheld.asked)
            if withheld.carries(document.sentences[i].text)
        ]
    return found


def _on_withheld_words(document: Document, withheld: Withheld, signal: Signal) -> bool:
    sentence = document.sentence_at(signal.start)
    in_asked = sentence is not None and sentence.index in withheld.asked
    return in_asked and withheld.carries(document.text[signal.start : signal.end])


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
        found = refusals(folder)
        count = sum(found.reasons.values())
        print(
            f"{folder}: {found.articles} articles, {found.sentences} sentences, {count} refused "
            f"({_share(count, found.sentences)})"
        )
        for reason, n in found.reasons.most_common():
            print(f"  {n:5d}  {reason}")
        for line in found.quoted:
            print(f"    {line}")
        print(
            f"  withheld from model output: {found.planted} planted or not prose "
            f"({_share(found.planted, found.sentences)}); {found.asked} other questions and "
            f"orders ({_share(found.asked, found.sentences)}), of which "
            f"{len(found.own_words)} ({_share(len(found.own_words), found.sentences)}) hold a "
            "word the reporting does not explain"
        )
        for line in found.own_words:
            print(f"    {line}")
        print(
            f"  deterministic flags on words no model output may carry: {found.flags_withheld} "
            f"of {found.flags} ({_share(found.flags_withheld, found.flags)})"
        )
    total, refused, summarised = suite()
    print(
        f"injection suite: {total} plantings; the prose check refuses a planted sentence in "
        f"{refused}; a planted sentence is a fast summary point in {summarised}"
    )


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2%}" if whole else "-"


if __name__ == "__main__":
    main()
