from fastapi import APIRouter

from schemas.summarize import SummarizeRequest, SummarizeResponse
from service.auth.model_access import MODEL_ACCESS, MODEL_ACCESS_RESPONSES
from service.http.deps import ModelDep, SettingsDep
from service.http.errors import ERROR_RESPONSES
from service.pipeline.deadline import deadline
from service.summarize.service import summarize

router = APIRouter(
    responses=ERROR_RESPONSES | MODEL_ACCESS_RESPONSES,
    tags=["summarize"],
    dependencies=MODEL_ACCESS,
)


@router.post("/summarize", response_model=SummarizeResponse)
async def post_summarize(
    request: SummarizeRequest, settings: SettingsDep, model: ModelDep
) -> SummarizeResponse:
    """A neutral summary whose every point cites the article sentences it rests on."""
    async with deadline(settings.request_deadline_s):
        return await summarize(request, settings, model)
