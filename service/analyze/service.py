"""Summarize, then verify with a summary checked: one marker, one budget, one article read.

Both calls send the same system prefix (instructions and the article under its marker), so a
prefix-caching backend evaluates the article for the summary and reuses it for the report.
"""

from schemas.analyze import AnalyzeRequest, AnalyzeResponse
from schemas.summarize import SummarizeRequest
from schemas.verify import VerifyRequest
from service.config import Settings
from service.llm import ModelClient, new_marker
from service.summarize.service import summarize
from service.verify.service import verify


async def analyze_article(
    request: AnalyzeRequest, settings: Settings, model: ModelClient
) -> AnalyzeResponse:
    marker = new_marker(request.article.text)
    with model.request_scope():
        summary = await summarize(
            SummarizeRequest(
                article=request.article, max_points=request.max_points, mode=request.mode
            ),
            settings,
            model,
            marker,
        )
        to_check = request.summary if request.summary is not None else summary.summary.text
        report = await verify(
            VerifyRequest(article=request.article, summary=to_check or None, mode=request.mode),
            settings,
            model,
            marker,
        )
    return AnalyzeResponse(summarize=summary, verify=report)
