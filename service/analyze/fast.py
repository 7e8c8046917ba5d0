"""Fast mode's summary and report from one reading: the evidence workers' job for /analyze
and the desk.

Apart from `service.analyze.service`, so that an evidence worker running it imports nothing
of the model seam (the openai SDK and instructor would hold some 50 MB in every worker).
"""

from schemas.analyze import AnalyzeRequest, AnalyzeResponse
from schemas.common import ArticleIn
from schemas.summarize import SummarizeRequest, SummarizeResponse
from schemas.verify import VerifyRequest, VerifyResponse
from service.config import Settings
from service.pipeline.reading import ArticleRead, read_article
from service.summarize.fast import fast_summary
from service.verify.fast import fast_report


def fast_analysis_of(request: AnalyzeRequest, read: ArticleRead) -> AnalyzeResponse:
    """Fast mode's summary and report from one reading (module-level: the pool pickles it)."""
    summary, report = _fast_pair(read, request.article, request.max_points, request.summary)
    return AnalyzeResponse(summarize=summary, verify=report)


def fast_analysis(
    article: ArticleIn, max_points: int, summary: str | None, settings: Settings
) -> tuple[SummarizeResponse, VerifyResponse]:
    """The desk's fast analysis, one job for the evidence workers (module-level: the process
    pool pickles it)."""
    return _fast_pair(read_article(article, settings), article, max_points, summary)


def _fast_pair(
    read: ArticleRead, article: ArticleIn, max_points: int, summary: str | None
) -> tuple[SummarizeResponse, VerifyResponse]:
    """`summary`, when given, is checked instead of the one written here."""
    written = fast_summary(
        SummarizeRequest(article=article, max_points=max_points, mode="fast"), read
    )
    to_check = summary if summary is not None else written.summary.text
    report = fast_report(
        VerifyRequest(article=article, summary=to_check or None, mode="fast"), read
    )
    return written, report
