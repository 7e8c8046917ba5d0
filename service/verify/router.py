from fastapi import APIRouter

from schemas.verify import VerifyRequest, VerifyResponse
from service.auth.model_access import MODEL_ACCESS, MODEL_ACCESS_RESPONSES
from service.http.deps import ModelDep, SettingsDep
from service.http.errors import ERROR_RESPONSES
from service.pipeline.deadline import deadline
from service.verify.service import verify

router = APIRouter(
    responses=ERROR_RESPONSES | MODEL_ACCESS_RESPONSES, tags=["verify"], dependencies=MODEL_ACCESS
)


@router.post("/verify", response_model=VerifyResponse)
async def post_verify(
    request: VerifyRequest, settings: SettingsDep, model: ModelDep
) -> VerifyResponse:
    """The verification report: claims, who asserts them, flags with spans, contradictions."""
    async with deadline(settings.request_deadline_s):
        return await verify(request, settings, model)
