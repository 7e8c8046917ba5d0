"""False positives of the `embedded_instructions` detector on real news, and its suite recall.

`python bench/injection_bench.py FOLDER...`: every `*.txt` under each folder (the public PTC
and PolNeAR articles, see /work/shared/DEV-DATA.md: measure only, never commit them) goes
through `analyze()`; prints how many sentences were flagged as instructions aimed at a model
and quotes each one, so a reviewer can judge them. Then the injection suite's templates
(tests/injection) planted at the beginning, middle and end of the seed articles: how many
plantings were flagged.
"""

import argparse
import sys
from pathlib import Path

from service.evidence import analyze
from service.text import build_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.injection.articles import suite_articles
from tests.injection.plant import POSITIONS, plant
from tests.injection.templates import TEMPLATES, planted


def false_positives(folder: Path) -> tuple[int, int, int, list[str]]:
    """Articles, sentences, flagged sentences and the flagged sentences' text under `folder`."""
    articles = sentences = 0
    flagged: list[str] = []
    for path in sorted(folder.rglob("*.txt")):
        document = build_document(path.read_bytes().decode("utf-8"))
        evidence = analyze(document)
        articles += 1
        sentences += len(document.sentences)
        for index in sorted(evidence.instruction_sentences()):
            flagged.append(f"{path.name}: {document.sentences[index].text[:300]}")
    return articles, sentences, len(flagged), flagged


def suite_recall() -> tuple[int, int]:
    found = total = 0
    for article in suite_articles().values():
        for index in range(len(TEMPLATES)):
            for position in POSITIONS:
                injected = plant(article, planted(index), position)
                evidence = analyze(build_document(injected.text))
                total += 1
                found += bool(evidence.instruction_sentences())
    return found, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    for folder in args.folders:
        articles, sentences, count, flagged = false_positives(folder)
        print(f"{folder}: {articles} articles, {sentences} sentences, {count} flagged")
        for line in flagged:
            print(f"  {line}")
    found, total = suite_recall()
    print(f"injection suite: {found} of {total} plantings flagged")


if __name__ == "__main__":
    main()
