"""Summarize, then verify with a summary checked: one marker, one budget, one article read.

Both calls send the same system prefix (instructions and the article under its marker), so a
prefix-caching backend evaluates the article for the summary and reuses it for the report. Both
start from one reading of the article (service/pipeline/reading.py): the evidence layer runs once.
"""

from schemas.analyze import AnalyzeRequest, AnalyzeResponse
from schemas.summarize import SummarizeRequest
from schemas.verify import VerifyRequest
from service.analyze.fast import fast_analysis_of
from service.config import Settings
from service.llm import ModelClient, new_marker
from service.pipeline.dispatch import dispatch
from service.pipeline.reading import Reading
from service.summarize.service import summarize
from service.verify.service import verify


async def analyze_article(
    request: AnalyzeRequest, settings: Settings, model: ModelClient
) -> AnalyzeResponse:
    """Fast mode is one job for the evidence workers; full mode is not cached as a whole: its
    summary and its report are, each under its own endpoint."""

    async def full() -> AnalyzeResponse:
        return await _full_analysis(request, settings, model)

    return await dispatch(request, settings, fast_analysis_of, full)


async def _full_analysis(
    request: AnalyzeRequest, settings: Settings, model: ModelClient
) -> AnalyzeResponse:
    marker = new_marker(request.article.text)
    reading = Reading(request.article, settings)
    with model.request_scope():
        summary = await summarize(
            SummarizeRequest(
                article=request.article, max_points=request.max_points, mode=request.mode
            ),
            settings,
            model,
            marker,
            reading,
        )
        to_check = request.summary if request.summary is not None else summary.summary.text
        report = await verify(
            VerifyRequest(article=request.article, summary=to_check or None, mode=request.mode),
            settings,
            model,
            marker,
            reading,
        )
    return AnalyzeResponse(summarize=summary, verify=report)
