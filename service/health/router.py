from fastapi import APIRouter
from fastapi.responses import JSONResponse

from schemas.health import Ready, Unready
from service.deps import BackendDep
from service.http_errors import error_responses

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (says nothing about the model)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=None,
    responses={
        200: {"model": Ready, "description": "The backend answers."},
        503: {
            "model": Unready,
            "description": "The backend is starting, failed, or does not answer; see Retry-After.",
            "headers": error_responses(503)[503]["headers"],
        },
    },
)
async def readyz(backend: BackendDep) -> JSONResponse:
    """The model backend answers. 503 with the reason while the embedded model starts."""
    ready, reason = await backend.probe()
    body = {"backend": backend.name, "model": backend.model, "state": backend.state}
    if ready:
        return JSONResponse({"status": "ready", **body})
    return JSONResponse(
        {"error": "backend_unavailable", "detail": reason, **body},
        status_code=503,
        headers={"Retry-After": "5"},
    )
