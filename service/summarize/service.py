"""Neutral, grounded summaries: the model drafts, code validates, code falls back."""

import time
import uuid

from schemas.common import Method
from schemas.llm import SummaryDraft
from schemas.summarize import (
    NeutralizedTerm,
    SourceRef,
    SummarizeRequest,
    SummarizeResponse,
    Summary,
    SummaryPoint,
)
from service.config import Settings
from service.conversation import task_messages
from service.evidence import Evidence, analyze
from service.intake import article_info, intake
from service.llm import CallStats, ModelClient, ModelOutputInvalid, new_marker
from service.llm.parts import article_parts, over_parts, parts_warnings
from service.provenance import provenance
from service.reuse import reuse_or_compute
from service.summarize.draft import CheckedSummaryDraft
from service.summarize.extractive import extractive_summary
from service.text import Document


async def summarize(
    request: SummarizeRequest, settings: Settings, model: ModelClient, marker: str | None = None
) -> SummarizeResponse:
    """The summary, from the response cache when this exact question was answered before."""
    return await reuse_or_compute(
        "summarize",
        request,
        model,
        SummarizeResponse,
        lambda: _summarize(request, settings, model, marker),
    )


async def _summarize(
    request: SummarizeRequest, settings: Settings, model: ModelClient, marker: str | None
) -> SummarizeResponse:
    started = time.perf_counter()
    document = intake(request.article, settings)
    evidence = analyze(document)
    warnings: list[str] = []
    stats: CallStats | None = None
    method: Method = "extractive"
    if request.mode == "fast":
        draft = extractive_summary(document, evidence, request.max_points)
    else:
        draft, stats, method, part_warnings = await _model_summary(
            document, evidence, request.max_points, model, marker or new_marker(document.text)
        )
        warnings += part_warnings
        if method == "extractive" and stats.errors:
            warnings.append(
                f"the model's summaries failed validation on {stats.attempts} attempts "
                f"({'; '.join(stats.errors[-1:])}); this summary is extractive, built by code"
            )
    return SummarizeResponse(
        id=uuid.uuid4().hex,
        article=article_info(document),
        summary=_summary(document, evidence, draft, request.max_points),
        neutralized=_neutralized(document, evidence),
        warnings=warnings,
        provenance=provenance(stats, request.mode, method, started),
    )


async def _model_summary(
    document: Document, evidence: Evidence, max_points: int, model: ModelClient, marker: str
) -> tuple[SummaryDraft, CallStats, Method, list[str]]:
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
    warnings = parts_warnings(len(done.results), len(parts), done.stopped, "points")
    calls = [stats for _, stats in done.results]
    stats = CallStats.combined(calls) if calls else model.unspent()
    drafts = [draft for draft, _ in done.results]
    if not drafts or any(draft is None for draft in drafts):
        return extractive_summary(document, evidence, max_points), stats, "extractive", warnings
    points = [point for draft in drafts if draft is not None for point in draft.points]
    return SummaryDraft(points=points), stats, "llm", warnings


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
            messages, CheckedSummaryDraft, context={"document": document}
        )
    except ModelOutputInvalid as failure:
        return None, failure.stats
    return draft, stats


def _summary(
    document: Document, evidence: Evidence, draft: SummaryDraft, max_points: int
) -> Summary:
    points = []
    for point in draft.points[:max_points]:
        ids = sorted(set(point.sentences))
        sources = [_source_ref(document, i) for i in ids]
        points.append(
            SummaryPoint(
                text=point.text.strip(), sources=sources, attributed_to=_attribution(evidence, ids)
            )
        )
    return Summary(text=" ".join(p.text for p in points), points=points)


def _source_ref(document: Document, index: int) -> SourceRef:
    sentence = document.sentences[index]
    start, end = document.to_submitted(sentence.start, sentence.end)
    return SourceRef(sentence=index, start=start, end=end)


def _attribution(evidence: Evidence, sentence_ids: list[int]) -> str | None:
    for claim in evidence.claims:
        if claim.sentence in sentence_ids and claim.attribution.kind != "outlet":
            who = claim.attribution
            if who.kind == "unattributed":
                continue
            parts = [p for p in (who.name, who.role, who.affiliation) if p]
            return ", ".join(parts) or "an unnamed source"
    return None


def _neutralized(document: Document, evidence: Evidence) -> list[NeutralizedTerm]:
    terms = []
    for signal in evidence.loaded_terms():
        start, end = document.to_submitted(signal.start, signal.end)
        terms.append(
            NeutralizedTerm(
                start=start,
                end=end,
                text=document.submitted[start:end],
                suggestion=signal.suggestion,
            )
        )
    return terms
