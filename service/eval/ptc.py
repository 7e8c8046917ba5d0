"""PTC / SemEval-2020 task 11: loaded language against human-marked propaganda spans.

A folder with `<split>-articles/article<ID>.txt` and a `*-TC.labels` TSV (`id technique start
end`, character offsets, end exclusive). Gold = the `Loaded_Language` spans; predicted = every
`loaded_language` flag of fast `/verify` (no summary). A predicted span is correct when it
overlaps a gold span; a gold span is found when a predicted span overlaps it. `name_calling`
flags (a label pinned on a person or a group) are a type of their own and are not counted: PTC
files most of the words they flag under its own technique, Name_Calling,Labeling.
"""

import re
import time
from dataclasses import dataclass
from pathlib import Path

from service.eval.fast import FastRunner
from service.eval.figures import Figure, PublicReport, Section, f1, ratio, timed
from service.eval.labels import CaseFileError
from service.eval.score import overlaps

LABELS_PATTERN = "*-TC.labels"
TECHNIQUE = "Loaded_Language"
_ARTICLE_NAME = re.compile(r"article(\d+)\.txt")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PtcArticle:
    id: str
    text: str
    gold: tuple[Span, ...]


def is_ptc(path: Path) -> bool:
    return path.is_dir() and any(path.glob(LABELS_PATTERN)) and any(path.glob("*-articles"))


def load_ptc(folder: Path) -> list[PtcArticle]:
    """Every article of the folder, with its `Loaded_Language` spans (none for many)."""
    labels = _labels_file(folder)
    articles_dir = _articles_dir(folder, labels)
    gold = _gold_spans(labels)
    articles = []
    for path in sorted(articles_dir.glob("article*.txt")):
        match = _ARTICLE_NAME.fullmatch(path.name)
        if match is None:
            continue
        # Offsets count characters of the file as it is: no newline translation.
        text = path.read_bytes().decode("utf-8")
        spans = tuple(sorted(gold.pop(match.group(1), set())))
        _check_in_range(spans, text, path)
        articles.append(PtcArticle(match.group(1), text, spans))
    if gold:
        raise CaseFileError(str(labels), "id", f"labels for missing articles: {sorted(gold)[:5]}")
    return articles


def _labels_file(folder: Path) -> Path:
    found = sorted(folder.glob(LABELS_PATTERN))
    if len(found) != 1:
        names = [p.name for p in found] or "none"
        raise CaseFileError(str(folder), "-", f"expected one {LABELS_PATTERN} file, found {names}")
    return found[0]


def _articles_dir(folder: Path, labels: Path) -> Path:
    # train-task2-TC.labels goes with train-articles/.
    same_split = folder / f"{labels.name.split('-')[0]}-articles"
    if same_split.is_dir():
        return same_split
    found = sorted(p for p in folder.glob("*-articles") if p.is_dir())
    if len(found) != 1:
        raise CaseFileError(str(folder), "-", "cannot tell which *-articles folder to use")
    return found[0]


def _gold_spans(labels: Path) -> dict[str, set[Span]]:
    gold: dict[str, set[Span]] = {}
    for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 4 or not (fields[2].isdigit() and fields[3].isdigit()):
            raise CaseFileError(f"{labels}:{number}", "-", "expected `id technique start end`")
        if fields[1] == TECHNIQUE:
            gold.setdefault(fields[0], set()).add((int(fields[2]), int(fields[3])))
    return gold


def _check_in_range(spans: tuple[Span, ...], text: str, path: Path) -> None:
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            raise CaseFileError(str(path), "-", f"span {start}-{end} outside the text")


def score_ptc(articles: list[PtcArticle], runner: FastRunner, source: str) -> PublicReport:
    report = PublicReport("ptc", source)
    correct = predicted = found = gold = 0
    for article in articles:
        started = time.perf_counter()
        spans = _predicted_spans(article, runner, report)
        timed(report, f"article{article.id}", started)
        correct += sum(any(overlaps(*p, *g) for g in article.gold) for p in spans)
        found += sum(any(overlaps(*g, *p) for p in spans) for g in article.gold)
        predicted, gold = predicted + len(spans), gold + len(article.gold)
    precision, recall = ratio(correct, predicted), ratio(found, gold)
    figures = (
        Figure("precision", precision, predicted, "predicted spans"),
        Figure("recall", recall, gold, "gold Loaded_Language spans"),
        Figure("F1", f1(precision, recall), len(articles), "articles"),
    )
    report.sections.append(Section("loaded language (PTC Loaded_Language)", figures))
    return report


def _predicted_spans(article: PtcArticle, runner: FastRunner, into: PublicReport) -> list[Span]:
    response = runner.verify_or_report(article.text, f"article{article.id}", into.errors)
    if response is None:
        return []
    spans = {
        (flag.start, flag.end)
        for claim in response.claims
        for flag in claim.flags
        if flag.type == "loaded_language"
    }
    return sorted(spans)
