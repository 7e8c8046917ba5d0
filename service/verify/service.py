"""Verification reports: deterministic evidence first, the model's flags added and checked."""

import asyncio
import uuid

from pydantic import ValidationError

from schemas.common import TaskRun
from schemas.llm import DraftFlag, VerifyDraft
from schemas.verify import SummaryCheckRow, VerifyRequest, VerifyResponse
from service.config import Settings
from service.errors import DeskcheckError
from service.evidence import Evidence, Signal
from service.evidence.flag_types import model_reportable
from service.evidence.planted import withholding
from service.llm import CallStats, ModelClient, ModelOutputInvalid
from service.llm.backend import Backend
from service.llm.checker import Checker, CheckerAnswer, checker_endpoint
from service.llm.conversation import task_messages
from service.llm.parts import article_parts, over_parts, parts_warnings
from service.llm.tasks import task_plan
from service.pipeline.dispatch import Endpoint, FullRun, answer
from service.pipeline.intake import article_info
from service.pipeline.reading import Reading
from service.text import Document
from service.verify.draft import CheckedVerifyDraft
from service.verify.fast import fast_report, summary_check_rows
from service.verify.merge import build_claims, build_contradictions, counts_for
from service.verify.reasons import flag_reason

_MODEL_CONFIDENCE = 0.5  # a model flag is a lead for the editor, not a finding


async def verify(
    request: VerifyRequest,
    settings: Settings,
    model: ModelClient,
    marker: str | None = None,
    reading: Reading | None = None,
) -> VerifyResponse:
    """The report: fast mode on the evidence workers, full mode from the response cache when
    this exact question was answered before (service/pipeline/dispatch.py).

    Within one analysis, `marker` and `reading` are those its summary and report share.
    """
    return await answer(REPORT, request, settings, model, marker, reading)


async def full_report(request: VerifyRequest, run: FullRun) -> VerifyResponse:
    """Full mode: the evidence layer's report with the model's flags added and checked."""
    document, evidence = run.read.document, run.read.evidence
    warnings: list[str] = []
    stats: CallStats | None = None
    model_signals: dict[int, list[Signal]] = {}
    plan = task_plan("flags", run.settings, run.model.backend)
    tasks = [TaskRun(task="flags", ran=plan.runs, reason=plan.reason)]
    if plan.runs:
        model_signals, stats, model_warnings = await _model_flags(
            document, evidence, run.model, run.marker
        )
        warnings += model_warnings
    claims = build_claims(document, evidence, model_signals)
    summary_check = await asyncio.to_thread(summary_check_rows, document, request.summary)
    if summary_check is not None:
        task, warning = await _settle_undecided(
            summary_check, document, run.settings, run.model.backend
        )
        tasks.append(task)
        warnings += [warning] if warning else []
    return VerifyResponse(
        id=uuid.uuid4().hex,
        article=article_info(document),
        claims=claims,
        contradictions=build_contradictions(evidence),
        summary_check=summary_check,
        counts=counts_for(claims),
        warnings=warnings,
        provenance=run.provenance(stats, "llm+evidence" if model_signals else "evidence", tasks),
    )


REPORT = Endpoint("verify", VerifyResponse, fast_report, full_report)


_FLAG_TYPE_LIST = "\n".join(f"- {spec.type}: {spec.description}" for spec in model_reportable())
"""The types a model may report, as the verify prompt lists them (from the flag-type table)."""


async def _model_flags(
    document: Document, evidence: Evidence, model: ModelClient, marker: str
) -> tuple[dict[int, list[Signal]], CallStats, list[str]]:
    """The model's flags, part by part when the article is longer than the model's context."""
    parts = article_parts(document, model.context_tokens, model.answer_tokens)
    done = await over_parts(
        parts, lambda part: _flags_of_part(document, evidence, model, marker, part)
    )
    flags = [flag for part_flags, _, _ in done.results for flag in part_flags]
    warnings = [warning for _, _, warning in done.results if warning]
    warnings += parts_warnings(len(done.results), len(parts), done.stopped, "flags")
    calls = [stats for _, stats, _ in done.results]
    stats = CallStats.combined(calls) if calls else model.unspent()
    withheld = withholding(document, evidence)
    # What a flag quotes is shown as well as its reason: a flag quoting a question planted on
    # the article's subject would show the question's own words.
    kept = [f for f in flags if not withheld.carries(f.reason) and not withheld.carries(f.quote)]
    return _by_sentence(document, kept, withheld.planted), stats, warnings


async def _flags_of_part(
    document: Document, evidence: Evidence, model: ModelClient, marker: str, part: range
) -> tuple[list[DraftFlag], CallStats, str | None]:
    known = "; ".join(
        f"{document.text[s.start : s.end]!r} ({s.type})"
        for s in evidence.signals()
        if _in_part(document, part, s.start)
    )
    messages = task_messages(
        "verify", document, marker, part, flag_types=_FLAG_TYPE_LIST, known_flags=known or "none"
    )
    try:
        draft, stats = await model.structured(
            messages, CheckedVerifyDraft, context={"document": document}
        )
    except ModelOutputInvalid as failure:
        kept, offered = _salvage(document, failure.stats.last_answer)
        warning = (
            f"the model's flags failed validation on {failure.stats.attempts} attempts; kept "
            f"{len(kept)} of its last {offered} flags (those whose quotes are in the article) "
            "and dropped the rest"
        )
        return kept, failure.stats, warning
    return draft.flags, stats, None


def _in_part(document: Document, part: range, offset: int) -> bool:
    first, last = document.sentences[part.start], document.sentences[part.stop - 1]
    return first.start <= offset < last.end


def _salvage(document: Document, answer: str | None) -> tuple[list[DraftFlag], int]:
    """From an answer that failed as a whole, the flags whose quotes the article holds."""
    try:
        draft = VerifyDraft.model_validate_json(answer or "")
    except ValidationError:
        return [], 0
    kept = [flag for flag in draft.flags if document.find(flag.quote) is not None]
    return kept, len(draft.flags)


def _by_sentence(
    document: Document, flags: list[DraftFlag], instructions: frozenset[int] = frozenset()
) -> dict[int, list[Signal]]:
    """Model flags as signals, each located in the article by code and filed by sentence.

    None on an instruction planted for a model (`instructions`): its own deterministic flag
    says what it is, and a model it was aimed at is no judge of it.
    """
    by_sentence: dict[int, list[Signal]] = {}
    for flag in flags:
        located = document.find(flag.quote)
        sentence = document.sentence_at(located[0]) if located else None
        if located is None or sentence is None or sentence.index in instructions:
            continue
        reason = flag_reason(flag.reason, flag.type, sentence.text)
        signal = Signal(flag.type, located[0], located[1], reason[:500], "llm", _MODEL_CONFIDENCE)
        by_sentence.setdefault(sentence.index, []).append(signal)
    return by_sentence


async def _settle_undecided(
    rows: list[SummaryCheckRow], document: Document, settings: Settings, backend: Backend
) -> tuple[TaskRun, str | None]:
    """Ask the checker about the rows code could not decide; its Yes or No settles them."""
    plan = task_plan("checker", settings, backend)
    undecided = [row for row in rows if row.verdict == "undecided" and row.evidence]
    if not plan.runs or not undecided:
        reason = plan.reason if not plan.runs else "every summary sentence was decided by code"
        return TaskRun(task="checker", ran=False, reason=reason), None
    endpoint = checker_endpoint(settings, backend)
    if endpoint is None:
        return TaskRun(task="checker", ran=False, reason="the model backend is not ready"), None
    checker = Checker(endpoint, settings)
    try:
        for row in undecided:
            _apply(row, await checker.check(_evidence_text(document, row), row.sentence))
    except DeskcheckError as error:
        return TaskRun(task="checker", ran=True, reason=plan.reason), (
            f"the checker failed ({error.detail}); the rows it did not answer stay undecided"
        )
    finally:
        await checker.close()
    return TaskRun(task="checker", ran=True, reason=plan.reason), None


def _evidence_text(document: Document, row: SummaryCheckRow) -> str:
    return " ".join(document.sentences[i].text for i in sorted(row.evidence))


def _apply(row: SummaryCheckRow, answer: CheckerAnswer) -> None:
    if answer == "undecided":
        return
    row.verdict = "consistent" if answer == "supported" else "unsupported"
    row.decided_by = "checker"
    found = "support" if answer == "supported" else "no support"
    sentences = ", ".join(map(str, row.evidence))
    row.reason = f"the checker found {found} in article sentences {sentences}; {row.reason}"
