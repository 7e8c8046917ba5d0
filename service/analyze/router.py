from fastapi import APIRouter

from schemas.analyze import AnalyzeRequest, AnalyzeResponse
from service.analyze.service import analyze_article
from service.auth.model_access import MODEL_ACCESS, MODEL_ACCESS_RESPONSES
from service.http.deps import ModelDep, SettingsDep
from service.http.errors import ERROR_RESPONSES
from service.pipeline.deadline import deadline

router = APIRouter(
    responses=ERROR_RESPONSES | MODEL_ACCESS_RESPONSES, tags=["analyze"], dependencies=MODEL_ACCESS
)


@router.post("/analyze", response_model=AnalyzeResponse)
async def post_analyze(
    request: AnalyzeRequest, settings: SettingsDep, model: ModelDep
) -> AnalyzeResponse:
    """/summarize and /verify in one call; the model reads the article once for both.

    `verify.summary_check` checks the summary this call wrote, unless `summary` is given.
    """
    async with deadline(settings.request_deadline_s):
        return await analyze_article(request, settings, model)
