"""The desk's failures in an editor's words: error pages, refusals and failed analyses.

The API answers `{"error", "detail"}` with details written for programmers (endpoints, setting
names). On /desk the same failures become pages that say what happened and what to do, with a
way back, and never name an HTTP verb, an endpoint or a setting.
"""

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from schemas.review import ItemError
from service.http.errors import ErrorPages
from service.review.templating import templates

DESK_PREFIX = "/desk"


@dataclass(frozen=True)
class Explanation:
    title: str
    text: str


_PAGES = {
    403: Explanation(
        "Not allowed",
        "The desk did not accept this. If you came from a form, it may be from an old page: "
        "go back, reload the page and try again.",
    ),
    404: Explanation(
        "Not found",
        "There is no such page or article here. The link may be mistyped or out of date.",
    ),
    405: Explanation(
        "Nothing to open here",
        "This address belongs to one of the desk's buttons; it is not a page. "
        "Go back to the queue and use the buttons there.",
    ),
    409: Explanation(
        "Not possible right now",
        "The article is not in a state that allows this. Reload it to see where it stands.",
    ),
    413: Explanation(
        "Too large",
        "What you sent is far larger than the desk accepts. Shorten the article or split it "
        "into parts, and submit each part.",
    ),
    422: Explanation(
        "Not understood",
        "Something in the form was missing or not understood. Go back, check it and send it again.",
    ),
    429: Explanation("Too many attempts", "Wait a minute, then try again."),
    500: Explanation(
        "Something went wrong on our side",
        "The desk could not finish this. The error is logged; try again in a moment, and if it "
        "keeps happening tell whoever runs deskcheck.",
    ),
    503: Explanation(
        "Busy or unavailable",
        "A part of deskcheck is busy or not answering. Wait a minute and try again.",
    ),
}
_SERVER_TROUBLE = _PAGES[503]

ANALYSIS_FAILURES = {
    "backend_unavailable": "the language model did not answer",
    "backend_busy": "the language model was busy",
    "backend_rate_limited": "the language model refused more work for now",
    "backend_bad_response": "the language model answered with something unusable",
    "model_output_invalid": "the language model answered with something unusable",
    "structured_mode_rejected": "the language model could not produce a report",
    "context_overflow": "the article is too long for the language model",
    "token_budget_exhausted": "the language model's budget ran out",
    "deadline_exceeded": "the analysis took too long",
    "worker_lost": "the machine analysing it stopped",
}
_RETRY_ADVICE = (
    "Press Retry to run it again, or Retry without the model for the rule-based checks alone."
)


def is_desk(request: Request) -> bool:
    path = request.url.path
    return path == DESK_PREFIX or path.startswith(DESK_PREFIX + "/")


def explanation(status: int) -> Explanation:
    if status in _PAGES:
        return _PAGES[status]
    return _SERVER_TROUBLE if status >= 500 else _PAGES[422]


def error_page(request: Request, status: int, text: str | None = None) -> Response:
    """A page in plain words for a failure on the desk, with a way back to the queue; the
    same words as `{"error", "detail"}` for the desk's own scripts, which ask for JSON."""
    told = explanation(status)
    if "application/json" in request.headers.get("accept", ""):
        body = {"error": "refused" if status < 500 else "failed", "detail": text or told.text}
        return JSONResponse(body, status_code=status)
    context = {
        "user": None,
        "csrf_token": "",
        "error": None,
        "title": told.title,
        "text": text or told.text,
        "status": status,
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


DESK_ERROR_PAGES = ErrorPages(serves=is_desk, render=error_page)
"""What the app registers with the HTTP layer: on /desk, failures are these pages."""


def analysis_failure(error: ItemError) -> ItemError:
    """A failed analysis as the item page shows it: what went wrong and what to press."""
    what = ANALYSIS_FAILURES.get(error.error, "the analysis stopped with an error")
    return ItemError(error=what, detail=_RETRY_ADVICE)
