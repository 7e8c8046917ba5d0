"""Fast mode's summary: the extractive summary from the evidence layer, no model.

Apart from the model's code (`service.summarize.service`), so that an evidence worker running
it imports nothing of the model seam: the openai SDK and instructor would hold some 50 MB in
every worker.
"""

import time
import uuid

from schemas.llm import SummaryDraft
from schemas.summarize import (
    NeutralizedTerm,
    SourceRef,
    SummarizeRequest,
    SummarizeResponse,
    Summary,
    SummaryPoint,
)
from service.evidence import Evidence
from service.pipeline.intake import article_info
from service.pipeline.provenance import provenance
from service.pipeline.reading import ArticleRead
from service.summarize.extractive import extractive_summary
from service.text import Document


def fast_summary(request: SummarizeRequest, read: ArticleRead) -> SummarizeResponse:
    """Fast mode: the extractive summary from the evidence layer, no model."""
    started = time.perf_counter()
    document, evidence = read.document, read.evidence
    draft = extractive_summary(document, evidence, request.max_points)
    return SummarizeResponse(
        id=uuid.uuid4().hex,
        article=article_info(document),
        summary=summary_of(document, evidence, draft, request.max_points),
        neutralized=neutralized_terms(document, evidence),
        warnings=[] if draft.points else [NO_POINT],
        provenance=provenance(None, "fast", "extractive", started, []),
    )


NO_POINT = (
    "no sentence of the article makes a summary point: none is news prose that states a fact "
    "with its source (markup, data, a headline, an instruction aimed at a model, an unattributed "
    "quote or claim are never points)"
)


def summary_of(
    document: Document, evidence: Evidence, draft: SummaryDraft, max_points: int
) -> Summary:
    points = []
    for point in draft.points[:max_points]:
        ids = sorted(set(point.sentences))
        sources = [source_ref(document, i) for i in ids]
        points.append(
            SummaryPoint(
                text=point.text.strip(),
                sources=sources,
                attributed_to=attribution_of(evidence, ids),
            )
        )
    return Summary(text=" ".join(p.text for p in points), points=points)


def source_ref(document: Document, index: int) -> SourceRef:
    sentence = document.sentences[index]
    start, end = document.to_submitted(sentence.start, sentence.end)
    return SourceRef(sentence=index, start=start, end=end)


def attribution_of(evidence: Evidence, sentence_ids: list[int]) -> str | None:
    for claim in evidence.claims:
        if claim.sentence in sentence_ids and claim.attribution.kind != "outlet":
            who = claim.attribution
            if who.kind == "unattributed":
                continue
            parts = [p for p in (who.name, who.role, who.affiliation) if p]
            return ", ".join(parts) or "an unnamed source"
    return None


def neutralized_terms(document: Document, evidence: Evidence) -> list[NeutralizedTerm]:
    terms = []
    for signal in evidence.loaded_terms():
        start, end = document.to_submitted(signal.start, signal.end)
        terms.append(
            NeutralizedTerm(
                start=start,
                end=end,
                text=document.submitted[start:end],
                category=signal.type,
                suggestion=signal.suggestion,
            )
        )
    return terms
