"""Rendering every failure as `{"error", "detail"}` with a fitting status. No bare 500s."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from schemas.common import ErrorBody
from service.errors import DeskcheckError

log = logging.getLogger(__name__)


_ERROR_STATUSES = {
    413: "The article (or the request body) is larger than the configured limit.",
    422: "The request is malformed; `detail` names the field.",
    502: "The model backend answered with something unusable.",
    503: "The model backend is unavailable, starting, busy or rate limited, or every evidence "
    "worker is taken; see Retry-After.",
    504: "No result within the request deadline.",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in _ERROR_STATUSES.items()
}
"""For routers' `responses=`: documents the error shape in the OpenAPI document."""


def error_response(
    status: int, kind: str, detail: str, retry_after_s: int | None = None
) -> JSONResponse:
    headers = {"Retry-After": str(retry_after_s)} if retry_after_s else None
    return JSONResponse({"error": kind, "detail": detail}, status_code=status, headers=headers)


async def _deskcheck_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DeskcheckError)
    return error_response(exc.status, exc.kind, exc.detail, exc.retry_after_s)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "invalid_request", describe_validation(exc.errors()))


def describe_validation(errors: Any) -> str:
    """One line per problem, naming the field: `article.text: Field required`."""
    lines = []
    for error in list(errors)[:5]:
        location = [str(part) for part in error.get("loc", ()) if part != "body"]
        where = ".".join(location) or "body"
        message = error.get("msg", "invalid")
        if error.get("type") == "json_invalid":
            message = "the body is not valid JSON (" + str(error.get("ctx", {}).get("error")) + ")"
        lines.append(f"{where}: {message}")
    return "; ".join(lines) + ". Send a JSON body as described in /docs."


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # FastAPI's own words when the body does not decode (e.g. bytes that are not UTF-8).
        return error_response(
            422, "invalid_request", f"{exc.detail}: send the request body as UTF-8 encoded JSON"
        )
    kinds = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
    return error_response(
        exc.status_code, kinds.get(exc.status_code, "http_error"), str(exc.detail), None
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(
        500,
        "internal_error",
        "deskcheck failed unexpectedly; the error is logged. Retry, and report it if it persists.",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DeskcheckError, _deskcheck_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
