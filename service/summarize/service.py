"""Neutral, grounded summaries: the model drafts, code validates, code falls back."""

import uuid

from schemas.common import Method, TaskRun
from schemas.llm import SummaryDraft
from schemas.summarize import (
    SummarizeRequest,
    SummarizeResponse,
)
from service.config import Settings, SummaryStyle
from service.evidence import Evidence
from service.evidence.planted import withholding
from service.llm import CallStats, ModelClient, ModelOutputInvalid
from service.llm.conversation import task_messages
from service.llm.parts import article_parts, over_parts, parts_warnings
from service.llm.tasks import task_plan
from service.pipeline.dispatch import Endpoint, FullRun, answer
from service.pipeline.intake import article_info
from service.pipeline.reading import Reading
from service.summarize.checked import check_points, prose_points
from service.summarize.draft import CheckedSummaryDraft
from service.summarize.extractive import extractive_summary
from service.summarize.fast import fast_summary, neutralized_terms, summary_of
from service.summarize.points import never_cited
from service.summarize.select import candidates, select_summary
from service.text import Document


async def summarize(
    request: SummarizeRequest,
    settings: Settings,
    model: ModelClient,
    marker: str | None = None,
    reading: Reading | None = None,
) -> SummarizeResponse:
    """The summary: fast mode on the evidence workers, full mode from the response cache when
    this exact question was answered before (service/pipeline/dispatch.py).

    Within one analysis, `marker` and `reading` are those its summary and report share.
    """
    return await answer(SUMMARY, request, settings, model, marker, reading)


async def full_summary(request: SummarizeRequest, run: FullRun) -> SummarizeResponse:
    """Full mode: the model's points where they pass the checks, else the extractive summary."""
    document, evidence = run.read.document, run.read.evidence
    warnings: list[str] = []
    tasks: list[TaskRun] = []
    draft, stats, method, task, style = await _first_draft(
        document, evidence, request.max_points, run.settings, run.model, run.marker, warnings
    )
    tasks.append(task)
    if stats is not None and method == "extractive" and stats.errors:
        warnings.append(
            f"the model's summaries failed validation on {stats.attempts} attempts "
            f"({'; '.join(stats.errors[-1:])}); this summary is extractive, built by code"
        )
    if method == "llm" and style == "draft":
        draft, prose_warnings = prose_points(draft, never_cited(document, evidence))
        warnings += prose_warnings
        draft, method = await _second_opinion(
            draft, document, evidence, request.max_points, run.settings, run.model, tasks, warnings
        )
    return SummarizeResponse(
        id=uuid.uuid4().hex,
        article=article_info(document),
        summary=summary_of(document, evidence, draft, request.max_points),
        neutralized=neutralized_terms(document, evidence),
        warnings=warnings,
        provenance=run.provenance(stats, method, tasks),
    )


SUMMARY = Endpoint("summarize", SummarizeResponse, fast_summary, full_summary)


async def _first_draft(
    document: Document,
    evidence: Evidence,
    max_points: int,
    settings: Settings,
    model: ModelClient,
    marker: str,
    warnings: list[str],
) -> tuple[SummaryDraft, CallStats | None, Method, TaskRun, SummaryStyle | None]:
    """The model's summary where the summary task runs here, else the extractive one."""
    plan = task_plan("summary", settings, model.backend)
    style = _style(settings, model, document, evidence, max_points)
    if not plan.runs or style is None:
        reason = plan.reason if not plan.runs else "nothing to choose: every candidate is used"
        skipped = TaskRun(task="summary", ran=False, reason=reason)
        extractive = extractive_summary(document, evidence, max_points)
        return extractive, None, "extractive", skipped, None
    draft, stats, method = await _model_summary(
        document, evidence, max_points, model, marker, style, warnings
    )
    ran = TaskRun(task="summary", ran=True, reason=f"{style}: {plan.reason}")
    return draft, stats, method, ran, style


async def _second_opinion(
    draft: SummaryDraft,
    document: Document,
    evidence: Evidence,
    max_points: int,
    settings: Settings,
    model: ModelClient,
    tasks: list[TaskRun],
    warnings: list[str],
) -> tuple[SummaryDraft, Method]:
    """The checker's verdict on model-written points; none left means the extractive summary."""
    checked = await check_points(draft, document, settings, model.backend)
    tasks.append(checked.task)
    warnings += checked.warnings
    if checked.draft.points:
        return checked.draft, "llm"
    warnings.append("no model-written point was supported; this summary is extractive")
    return extractive_summary(document, evidence, max_points), "extractive"


def _style(
    settings: Settings, model: ModelClient, document: Document, evidence: Evidence, max_points: int
) -> SummaryStyle | None:
    """`select` where output must be grammar-constrained (the embedded model), else `draft`;
    None when `select` would have nothing to choose."""
    style = settings.summary_style
    if style == "auto":
        style = "select" if model.backend.name == "embedded" else "draft"
    if style == "select" and len(candidates(document, evidence, max_points)) <= max_points:
        return None
    return style


async def _model_summary(
    document: Document,
    evidence: Evidence,
    max_points: int,
    model: ModelClient,
    marker: str,
    style: SummaryStyle,
    warnings: list[str],
) -> tuple[SummaryDraft, CallStats, Method]:
    if style == "select":
        try:
            draft, stats = await select_summary(document, evidence, max_points, model, marker)
        except ModelOutputInvalid as failure:
            return extractive_summary(document, evidence, max_points), failure.stats, "extractive"
        return draft, stats, "llm"
    return await _drafted_in_parts(document, evidence, max_points, model, marker, warnings)


async def _drafted_in_parts(
    document: Document,
    evidence: Evidence,
    max_points: int,
    model: ModelClient,
    marker: str,
    warnings: list[str],
) -> tuple[SummaryDraft, CallStats, Method]:
    """The model's points, part by part when the article is longer than the model's context.

    Every part must pass validation, else the whole summary is extractive: a summary half the
    model's and half code's would read as neither.
    """
    parts = article_parts(document, model.context_tokens, model.answer_tokens)
    done = await over_parts(
        parts,
        lambda part: _draft_part(
            document, evidence, _points_for(part, document, max_points), model, marker, part
        ),
    )
    warnings += parts_warnings(len(done.results), len(parts), done.stopped, "points")
    calls = [stats for _, stats in done.results]
    stats = CallStats.combined(calls) if calls else model.unspent()
    drafts = [draft for draft, _ in done.results]
    if not drafts or any(draft is None for draft in drafts):
        return extractive_summary(document, evidence, max_points), stats, "extractive"
    points = [point for draft in drafts if draft is not None for point in draft.points]
    return SummaryDraft(points=points), stats, "llm"


def _points_for(part: range, document: Document, max_points: int) -> int:
    """A part's share of the points, by its share of the sentences (at least one)."""
    return max(1, -(-max_points * len(part) // len(document.sentences)))


async def _draft_part(
    document: Document,
    evidence: Evidence,
    max_points: int,
    model: ModelClient,
    marker: str,
    part: range,
) -> tuple[SummaryDraft | None, CallStats]:
    avoid = sorted({document.text[s.start : s.end].lower() for s in evidence.loaded_terms()})
    messages = task_messages(
        "summarize",
        document,
        marker,
        part,
        max_points=max_points,
        avoid_terms=", ".join(avoid) or "-",
    )
    try:
        draft, stats = await model.structured(
            messages,
            CheckedSummaryDraft,
            context={"document": document, "withheld": withholding(document, evidence)},
        )
    except ModelOutputInvalid as failure:
        return None, failure.stats
    return draft, stats
