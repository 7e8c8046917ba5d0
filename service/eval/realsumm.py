"""REALSumm (CNN/DM test documents with reference highlights): fast `/summarize` against lead-3.

The folder `selected_docs_for_human_eval/` keeps the 100 source documents in one system's folder
as `src.txt` (one document a line, `<t> ... </t>`) with `ref.txt` beside it (the reference
highlights, aligned by line). Both are lower-cased and tokenised (`koirala 's`, `` `` ``); the
documents are turned back into plain prose (`detokenize`) so that sentence splitting and the
evidence layer see text, not tokens. Names stay lower-case: the named-source rules, which look
for capitals, see less here than on real copy.

ROUGE comes from `rouge-score` (Google's re-implementation of ROUGE-1.5.5), with the Porter
stemmer; ROUGE-L is the summary-level variant (`rougeLsum`, sentences on their own lines), as
CNN/DM figures are usually quoted.
"""

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import TYPE_CHECKING

from pydantic import ValidationError

from schemas.summarize import SummaryPoint
from schemas.verify import VerifyResponse
from service.errors import DeskcheckError
from service.eval.fast import FastRunner
from service.eval.figures import Figure, PublicReport, Section, timed
from service.eval.labels import CaseFileError
from service.eval.summary_points import contradicted_figures_unsourced, unattributed_quotes
from service.text import build_document

if TYPE_CHECKING:
    from rouge_score.rouge_scorer import RougeScorer

SUMMARY_SENTENCES = 3
"""Both summaries get as many sentences as lead-3, so ROUGE compares like with like."""
_ROUGE = ("rouge1", "rouge2", "rougeLsum")
_TAGS = re.compile(r"</?t>")


@dataclass(frozen=True, slots=True)
class RealSummDoc:
    text: str
    references: tuple[str, ...]
    """The reference highlights, one sentence each."""


def find_sources(folder: Path) -> Path | None:
    """The `src.txt` that holds the documents, if the folder is laid out as REALSumm is."""
    found = sorted(folder.glob("*/*/src.txt"))
    return found[0] if found and (found[0].parent / "ref.txt").is_file() else None


def load_realsumm(folder: Path) -> list[RealSummDoc]:
    sources = find_sources(folder)
    if sources is None:
        raise CaseFileError(str(folder), "-", "no <kind>/<system>/src.txt with ref.txt beside it")
    documents = _lines(sources)
    references = _lines(sources.parent / "ref.txt")
    if len(documents) != len(references):
        raise CaseFileError(
            str(sources), "-", f"{len(documents)} documents but {len(references)} references"
        )
    return [
        RealSummDoc(detokenize(_TAGS.sub(" ", doc)), _reference_sentences(ref))
        for doc, ref in zip(documents, references, strict=True)
    ]


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _reference_sentences(line: str) -> tuple[str, ...]:
    # Highlights are joined as "sentence one .sentence two ." inside one <t> block, or one block
    # per sentence in other systems' copies.
    parts = re.split(r"\s\.(?=\S|\s|$)", _TAGS.sub(" . ", line))
    return tuple(detokenize(part) + "." for part in parts if part.strip(" ."))


_GLUE = (
    (re.compile(r"``\s*|\s*''"), '"'),
    (re.compile(r" (n't|'s|'m|'re|'ve|'ll|'d)\b"), r"\1"),
    (re.compile(r" ([.,:;?!)\]])"), r"\1"),
    (re.compile(r"([(\[]) "), r"\1"),
    (re.compile(r"\bi\b"), "I"),
    (re.compile(r"\s+"), " "),
)
_SENTENCE_START = re.compile(r"(^[\"'(]?|[.?!][\"')\]]? [\"'(]?)([a-z])")


def detokenize(tokens: str) -> str:
    """Undo the tokenisation enough for prose: glue punctuation and clitics, capitalise the
    first letter of each sentence and the pronoun "I". Names stay lower-case."""
    text = tokens
    for pattern, replacement in _GLUE:
        text = pattern.sub(replacement, text)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.strip())


def lead(text: str, sentences: int) -> tuple[str, ...]:
    document = build_document(text)
    return tuple(document.text[s.start : s.end] for s in document.sentences[:sentences])


@dataclass(slots=True)
class _System:
    rouge: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in _ROUGE})
    loaded_terms: int = 0
    unattributed_claims: int = 0
    claims: int = 0
    points: int = 0
    unattributed_quotes: int | None = None
    """Points quoting someone they do not name (only for summaries with points)."""
    contradicted_unsourced: int | None = None
    """Points repeating a contradicted figure without its source."""


def score_realsumm(docs: list[RealSummDoc], runner: FastRunner, source: str) -> PublicReport:
    report = PublicReport("realsumm", source, runner.summary_mode)
    scorer = _rouge_scorer()
    systems = {"deskcheck": _System(), "lead-3": _System(), "reference": _System()}
    methods: Counter[str] = Counter()
    for number, doc in enumerate(docs):
        started = time.perf_counter()
        summaries = {
            "deskcheck": _deskcheck_summary(doc, runner, report, number, methods, systems),
            "lead-3": lead(doc.text, SUMMARY_SENTENCES),
            "reference": doc.references,
        }
        for name, sentences in summaries.items():
            _measure(systems[name], sentences, doc, scorer, runner)
        timed(report, f"document {number}", started)
    report.sections += [_section(name, system, len(docs)) for name, system in systems.items()]
    made_by = ", ".join(f"{n} {method}" for method, n in sorted(methods.items()))
    report.notes.append(
        f"deskcheck: {runner.summary_mode} /summarize with max_points={SUMMARY_SENTENCES} "
        f"(summaries: {made_by or 'none'}); loaded terms and unattributed claims are counted by "
        "fast /verify run on each summary as an article"
    )
    return report


def _rouge_scorer() -> "RougeScorer":
    # Imported here: rouge-score is a development dependency, and `deskcheck eval` on the other
    # formats must work without it.
    try:
        from rouge_score.rouge_scorer import RougeScorer
    except ImportError as error:
        raise CaseFileError(
            "rouge-score", "-", "scoring REALSumm needs the dev extra: pip install -e '.[dev]'"
        ) from error
    return RougeScorer(list(_ROUGE), use_stemmer=True)


def _deskcheck_summary(
    doc: RealSummDoc,
    runner: FastRunner,
    into: PublicReport,
    number: int,
    methods: Counter[str],
    systems: dict[str, "_System"],
) -> tuple[str, ...]:
    try:
        response = runner.summarize(doc.text, SUMMARY_SENTENCES)
    except DeskcheckError as error:
        into.errors.append(f"document {number}: {error.kind}: {error.detail}")
        return ()
    except ValidationError as error:
        # The service failing to build its own response is a bug to report, not a reason to
        # lose the other documents' figures.
        into.errors.append(f"document {number}: the service failed: {error.errors()[0]['msg']}")
        return ()
    methods[response.provenance.method] += 1
    _count_points(systems["deskcheck"], response.summary.points, runner.verify(doc.text))
    return tuple(point.text for point in response.summary.points)


def _count_points(system: "_System", points: list[SummaryPoint], report: VerifyResponse) -> None:
    """What an editor would not pass on (`summary_points.py`), against the article's report."""
    system.points += len(points)
    system.unattributed_quotes = (system.unattributed_quotes or 0) + unattributed_quotes(points)
    system.contradicted_unsourced = (
        system.contradicted_unsourced or 0
    ) + contradicted_figures_unsourced(points, report)


def _measure(
    system: _System,
    sentences: tuple[str, ...],
    doc: RealSummDoc,
    scorer: "RougeScorer",
    runner: FastRunner,
) -> None:
    scores = scorer.score("\n".join(doc.references), "\n".join(sentences))
    for key in _ROUGE:
        system.rouge[key].append(scores[key].fmeasure)
    try:
        response = runner.verify(" ".join(sentences))
    except DeskcheckError:
        return  # an empty summary: nothing to count
    system.claims += len(response.claims)
    system.loaded_terms += response.counts.loaded_language
    system.unattributed_claims += sum(c.asserted_by.kind == "unattributed" for c in response.claims)


def _section(name: str, system: _System, docs: int) -> Section:
    rouge_names = {"rouge1": "ROUGE-1 F", "rouge2": "ROUGE-2 F", "rougeLsum": "ROUGE-L F (Lsum)"}
    figures = [
        Figure(rouge_names[key], fmean(values) if values else None, docs, "documents")
        for key, values in system.rouge.items()
        if name != "reference"  # the references against themselves: 1.0, says nothing
    ]
    figures += [
        Figure("loaded terms (count)", system.loaded_terms, docs, "summaries"),
        Figure("unattributed claims (count)", system.unattributed_claims, system.claims, "claims"),
    ]
    if system.unattributed_quotes is not None and system.contradicted_unsourced is not None:
        figures += [
            Figure(
                "unattributed quotes (count)", system.unattributed_quotes, system.points, "points"
            ),
            Figure(
                "contradicted figures without source (count)",
                system.contradicted_unsourced,
                system.points,
                "points",
            ),
        ]
    title = f"{name} summaries (REALSumm)" if name != "reference" else "reference highlights"
    return Section(title, tuple(figures))
