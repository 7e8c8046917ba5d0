"""Fast mode's report: the evidence layer alone. Apart from the full report so that what needs
only this (an evidence worker, `deskcheck verify --mode fast`) loads no model layer."""

import time
import uuid

from schemas.verify import SummaryCheckRow, VerifyRequest, VerifyResponse
from service.evidence.grounding import check_summary
from service.pipeline.intake import article_info
from service.pipeline.provenance import provenance
from service.pipeline.reading import ArticleRead
from service.text import Document
from service.verify.merge import build_claims, build_contradictions, counts_for


def fast_report(request: VerifyRequest, read: ArticleRead) -> VerifyResponse:
    """Fast mode: the evidence layer's report, no model."""
    started = time.perf_counter()
    document, evidence = read.document, read.evidence
    claims = build_claims(document, evidence, {})
    return VerifyResponse(
        id=uuid.uuid4().hex,
        article=article_info(document),
        claims=claims,
        contradictions=build_contradictions(evidence),
        summary_check=summary_check_rows(document, request.summary),
        counts=counts_for(claims),
        warnings=[],
        provenance=provenance(None, "fast", "evidence", started, []),
    )


def summary_check_rows(document: Document, summary: str | None) -> list[SummaryCheckRow] | None:
    """The grounding check of a summary against its article, as the report carries it."""
    if summary is None:
        return None
    return [
        SummaryCheckRow(
            sentence=row.sentence, verdict=row.verdict, evidence=row.evidence, reason=row.reason
        )
        for row in check_summary(document, summary)
    ]
