from fastapi import APIRouter
from fastapi.responses import JSONResponse

from schemas.health import Ready, Unready
from service.auth.deps import MaybePrincipalDep
from service.health.readiness import assess
from service.http.deps import BackendDep, SettingsDep
from service.http.errors import error_responses
from service.llm.tasks import analysis_plan

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (says nothing about the model)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=None,
    responses={
        200: {
            "model": Ready,
            "description": "The backend answers, or no model task needs one (state `off`).",
        },
        503: {
            "model": Unready,
            "description": "The backend is starting, failed, or does not answer; see Retry-After.",
            "headers": error_responses(503)[503]["headers"],
        },
    },
)
async def readyz(
    backend: BackendDep, settings: SettingsDep, caller: MaybePrincipalDep
) -> JSONResponse:
    """The service can analyse now: 200 when a full analysis would be taken (a model call
    answered or queued, or no model task runs here), else 503 with the reason. `state`: off,
    starting, ready, busy, restarting, down or failed; `full_analysis`: what full mode runs.
    Open to all; `url` (where the backend is) only for an admin's key or desk session."""
    readiness = await assess(backend)
    plan = analysis_plan(settings, backend.name)
    body = {
        "backend": backend.name,
        "model": backend.model,
        "state": readiness.state,
        "in_flight": backend.load.in_flight,
        "waiting": backend.load.waiting,
        "full_analysis": {
            "rules_only": plan.rules_only,
            "model_tasks": list(plan.model_tasks),
            "detail": plan.detail,
        },
    }
    if caller is not None and caller.can("admin"):
        body["url"] = backend.base_url
    if readiness.serves:
        return JSONResponse({"status": "ready", "detail": readiness.reason, **body})
    return JSONResponse(
        {"error": "backend_unavailable", "detail": readiness.reason, **body},
        status_code=503,
        headers={"Retry-After": str(readiness.retry_after_s)},
    )
