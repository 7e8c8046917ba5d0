"""What the desk's page modules share: a page in the desk's layout, a redirect with the
refusal shown on the page it lands on, an editor's action run that way, and a form's range of
days."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from service.auth.principal import Principal
from service.auth.sessions import LiveSession
from service.errors import DeskcheckError
from service.evidence.flag_types import FAMILIES
from service.review.context import Actor
from service.review.deps import request_id
from service.review.desk_errors import ANALYSIS_FAILURES
from service.review.item_page import STATUS_WORDS, family_of, who_asserts
from service.review.templating import templates

templates.env.globals["failure_words"] = ANALYSIS_FAILURES
templates.env.globals["who_asserts"] = who_asserts
templates.env.globals["family_of"] = family_of
templates.env.globals["families"] = FAMILIES
templates.env.globals["status_words"] = STATUS_WORDS


def render(
    request: Request, name: str, user: LiveSession, code: int = 200, **context: Any
) -> HTMLResponse:
    context |= {
        "user": user.principal,
        "csrf_token": user.csrf_token,
        "error": request.query_params.get("error"),
    }
    return templates.TemplateResponse(request, name, context, status_code=code)


def redirect(path: str, error: str | None = None) -> RedirectResponse:
    suffix = f"?error={quote(error)}" if error else ""
    return RedirectResponse(path + suffix, status_code=303)


def act(
    user: Principal, request: Request, back: str, work: Callable[[Actor], object]
) -> RedirectResponse:
    """Run an editor's action; come back to the page, with the refusal shown if it failed."""
    if not user.can("editor"):
        return redirect(back, needs_editor(user))
    try:
        work(Actor(user.name, request_id(request)))
    except DeskcheckError as refused:
        return redirect(back, refused.for_editors or refused.detail)
    return redirect(back)


def needs_editor(user: Principal) -> str:
    return f"this needs the editor role; '{user.name}' is a {user.role}"


def whole_days(since: str, until: str) -> tuple[datetime | None, datetime | None]:
    """A form's range of days (YYYY-MM-DD, either blank) as UTC instants: from the start of
    `since` to the end of `until` (the last day included); a blank or malformed day is open."""
    first, last = _day(since), _day(until)
    return first, last + timedelta(days=1) if last else None


def _day(value: str) -> datetime | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
