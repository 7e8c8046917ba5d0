"""Rendering every failure as `{"error", "detail"}` with a fitting status. No bare 500s.

Where people read the answers instead of programs (the desk's paths, /desk/...), the same
failures are pages in plain words: the part of the app that serves those paths registers its
`ErrorPages` (service/review/desk_errors.py), so this layer knows no page of its own.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from schemas.common import ErrorBody
from service.errors import DeskcheckError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorPages:
    """Failures as pages for people on the paths `serves` claims, instead of JSON."""

    serves: Callable[[Request], bool]
    render: Callable[[Request, int, str | None], Response]
    """The page for `status`; the text, when given, says more than the status alone."""


_ERROR_STATUSES = {
    401: "No API key, or an unknown or revoked one.",
    403: "The key's role does not allow this action.",
    404: "No such item, or no such flag on it.",
    409: "The item's state does not allow this action (yet).",
    413: "The article (or the request body) is larger than the configured limit.",
    422: "The request is malformed; `detail` names the field.",
    429: "Too many failed authentications from this address; see Retry-After.",
    502: "The model backend answered with something unusable.",
    503: "The model backend is unavailable, starting, busy or rate limited, or every evidence "
    "worker is taken; see Retry-After.",
    504: "No result within the request deadline.",
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer"},
    },
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """For `responses=`: the statuses an operation really answers, each with the error shape."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        documented[status] = {"model": ErrorBody, "description": _ERROR_STATUSES[status]}
        if status in (429, 503):
            documented[status]["headers"] = _RETRY_AFTER
    return documented


MODEL_ERRORS = (413, 422, 502, 503, 504)
"""What an endpoint that runs the model (and reads an article) can answer besides 200."""

ERROR_RESPONSES = error_responses(*MODEL_ERRORS)


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


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # FastAPI's own words when the body does not decode (e.g. bytes that are not UTF-8).
        return error_response(
            422, "invalid_request", f"{exc.detail}: send the request body as UTF-8 encoded JSON"
        )
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        response = error_response(
            405, "method_not_allowed", f"{request.method} is not served here; use {allowed}"
        )
        response.headers["Allow"] = allowed
        return response
    kinds = {404: "not_found", 401: "unauthorized", 403: "forbidden"}
    response = error_response(
        exc.status_code, kinds.get(exc.status_code, "http_error"), str(exc.detail), None
    )
    response.headers.update(exc.headers or {})
    return response


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """Every method some route serves on this path (Starlette's own `Allow` names one route's)."""
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    )


async def _unstorable_value(request: Request, exc: Exception) -> JSONResponse:
    """The database refused a value the client sent (PostgreSQL: a NUL in text; a number past
    its column). Declared bounds catch the numbers first; this is the net under both."""
    assert isinstance(exc, DataError)
    log.warning("refused a value on %s %s: %s", request.method, request.url.path, exc.orig)
    return error_response(
        422,
        "invalid_request",
        "a value in the request cannot be stored (a NUL character, or a number out of range); "
        "remove it and send again",
    )


async def _not_unicode(request: Request, exc: Exception) -> JSONResponse:
    """JSON may escape half a UTF-16 pair (`"\\ud800"`); that is no character, and every
    encoding of the text (digests, the store, the model) refuses it."""
    assert isinstance(exc, UnicodeEncodeError)
    log.warning("refused a lone surrogate on %s %s", request.method, request.url.path)
    return error_response(
        422,
        "invalid_request",
        "a string holds a lone UTF-16 surrogate (e.g. \\ud800 without its pair), which is not "
        "a character; send valid Unicode text",
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(
        500,
        "internal_error",
        "deskcheck failed unexpectedly; the error is logged. Retry, and report it if it persists.",
    )


Handler = Callable[[Request, Exception], Awaitable[Response]]


def _desk_status(exc: Exception) -> int:
    if isinstance(exc, DeskcheckError):
        return exc.status
    if isinstance(exc, StarletteHTTPException):
        return 422 if exc.status_code == 400 else exc.status_code
    if isinstance(exc, RequestValidationError | DataError | UnicodeEncodeError):
        return 422
    return 500


def _desk_page(pages: ErrorPages, request: Request, exc: Exception) -> Response:
    """The failure as a page for editors; the headers a client acts on are kept."""
    status = _desk_status(exc)
    if status == 500:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
    page = pages.render(request, status, getattr(exc, "for_editors", None))
    if isinstance(exc, StarletteHTTPException) and exc.headers:
        page.headers.update(exc.headers)
    if status == 405:
        page.headers["Allow"] = allowed_methods(request)
    retry_after = getattr(exc, "retry_after_s", None)
    if retry_after:
        page.headers["Retry-After"] = str(retry_after)
    return page


def _or_desk_page(api_handler: Handler, pages: ErrorPages | None) -> Handler:
    if pages is None:
        return api_handler

    async def handle(request: Request, exc: Exception) -> Response:
        if pages.serves(request):
            return _desk_page(pages, request, exc)
        return await api_handler(request, exc)

    return handle


def install_error_handlers(app: FastAPI, pages: ErrorPages | None = None) -> None:
    """Every failure answered in one shape: JSON, or on the paths `pages` serves, a page."""
    handlers: list[tuple[type[Exception], Handler]] = [
        (DeskcheckError, _deskcheck_error),
        (RequestValidationError, _validation_error),
        (StarletteHTTPException, _http_error),
        (DataError, _unstorable_value),
        (UnicodeEncodeError, _not_unicode),
        (Exception, _unexpected),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, _or_desk_page(handler, pages))
