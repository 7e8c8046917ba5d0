"""SummEdits (salesforce/factualNLG): is each summary consistent with its document?

A file `summedits_<domain>.json` (or a folder of them) holds a list of items with `doc`,
`summary` and `label` (1 consistent, 0 not). deskcheck predicts `consistent` when every
`summary_check` row of fast `/verify` is `consistent`. Beside it, the naive rule (`naive_rule`)
shows what a one-line heuristic already reaches, so deskcheck's figure has a floor to beat.
"""

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.eval.fast import FastRunner
from service.eval.figures import Figure, PublicReport, Section, timed
from service.eval.labels import CaseFileError
from service.eval.score import balanced_accuracy

FILE_PATTERN = "summedits_*.json"
_WORD = re.compile(r"\w+")


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore")

    doc: str
    summary: str
    label: int = Field(ge=0, le=1)


@dataclass(frozen=True, slots=True)
class SummEditsItem:
    domain: str
    doc: str
    summary: str
    consistent: bool


def load_summedits(path: Path, limit: int | None = None) -> list[SummEditsItem]:
    """The items of one file, or of every `summedits_*.json` in a folder (name order); `limit`
    keeps the first items of each file, so a quick run still covers every domain."""
    files = sorted(path.glob(FILE_PATTERN)) if path.is_dir() else [path]
    if not files:
        raise CaseFileError(str(path), "-", f"no {FILE_PATTERN} file in this folder")
    return [item for file in files for item in _load_file(file)[:limit]]


def _load_file(path: Path) -> list[SummEditsItem]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CaseFileError(str(path), "-", f"cannot read it as JSON: {error}") from error
    if not isinstance(raw, list):
        raise CaseFileError(str(path), "-", "expected a JSON list of items")
    domain = path.stem.removeprefix("summedits_")
    return [_item(domain, entry, f"{path}[{i}]") for i, entry in enumerate(raw)]


def _item(domain: str, entry: object, origin: str) -> SummEditsItem:
    try:
        item = _Item.model_validate(entry)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "-"
        raise CaseFileError(origin, field, first["msg"]) from error
    return SummEditsItem(domain, item.doc, item.summary, item.label == 1)


def naive_rule(doc: str, summary: str) -> bool:
    """True (consistent) unless the summary holds a capitalised word or a number the doc lacks.

    Words are runs of `\\w` characters. A summary word counts when it starts with an upper-case
    letter or contains a digit; the document lacks it when no word of the document equals it,
    compared case-folded (so a sentence-initial "The" is found in "the").
    """
    in_doc = {word.casefold() for word in _WORD.findall(doc)}
    return all(
        word.casefold() in in_doc
        for word in _WORD.findall(summary)
        if word[0].isupper() or any(ch.isdigit() for ch in word)
    )


def score_summedits(items: list[SummEditsItem], runner: FastRunner, source: str) -> PublicReport:
    report = PublicReport("summedits", source)
    gold: dict[str, list[str]] = {}
    ours: dict[str, list[str]] = {}
    naive: dict[str, list[str]] = {}
    for number, item in enumerate(items):
        started = time.perf_counter()
        predicted = _deskcheck_says_consistent(item, runner, report)
        timed(report, f"{item.domain} #{number}", started)
        gold.setdefault(item.domain, []).append(_verdict(item.consistent))
        ours.setdefault(item.domain, []).append(_verdict(predicted))
        naive.setdefault(item.domain, []).append(_verdict(naive_rule(item.doc, item.summary)))
    report.sections += [_per_domain(gold, ours, naive)]
    report.notes.append(
        "balanced accuracy = mean of the recall on consistent and on inconsistent summaries; "
        "naive rule = inconsistent when the summary holds a capitalised word or a number "
        "the document lacks"
    )
    return report


def _deskcheck_says_consistent(item: SummEditsItem, runner: FastRunner, into: PublicReport) -> bool:
    response = runner.verify_or_report(item.doc, item.domain, into.errors, item.summary)
    if response is None:
        # Counted as "consistent" (nothing found), and named in the report, so the figure is
        # never silently computed over fewer items than it says.
        return True
    return all(row.verdict == "consistent" for row in response.summary_check or ())


def _verdict(consistent: bool) -> str:
    return "consistent" if consistent else "inconsistent"


def _per_domain(
    gold: dict[str, list[str]], ours: dict[str, list[str]], naive: dict[str, list[str]]
) -> Section:
    figures: list[Figure] = []
    ours_by_domain, naive_by_domain = [], []
    for domain in gold:
        labels = gold[domain]
        unit = f"summaries ({labels.count('consistent')} consistent)"
        mine, _ = balanced_accuracy(labels, ours[domain])
        rule, _ = balanced_accuracy(labels, naive[domain])
        ours_by_domain.append(mine)
        naive_by_domain.append(rule)
        figures.append(Figure(f"{domain}: balanced accuracy", mine, len(labels), unit))
        figures.append(Figure(f"{domain}: naive rule", rule, len(labels), unit))
    total = sum(len(labels) for labels in gold.values())
    unit = f"domains ({total} summaries)"
    figures.append(
        Figure("mean over domains: balanced accuracy", _mean(ours_by_domain), len(gold), unit)
    )
    figures.append(Figure("mean over domains: naive rule", _mean(naive_by_domain), len(gold), unit))
    return Section("summary consistency (SummEdits)", tuple(figures))


def _mean(values: list[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None
