"""/desk: the review desk for people. Server-rendered; translation only, like the API router."""

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from schemas.review import ClaimDecision, ClaimDecisionRequest, DecideRequest, Decision
from service.auth.desk import (
    DeskFormUser,
    DeskUser,
    clear_session_cookie,
    log_in,
    log_out,
    same_origin_post,
    set_session_cookie,
)
from service.auth.errors import TooManyFailures
from service.auth.guard import GuardDep, client_address
from service.auth.principal import Principal
from service.auth.sessions import LiveSession, live_session
from service.errors import DeskcheckError
from service.evidence.flag_types import FAMILIES
from service.http.deps import DatabaseDep, JobsDep, SettingsDep
from service.http.params import ClaimId, FlagId
from service.review import service
from service.review.chart import MAX_WEEKS, acceptance_chart
from service.review.context import Actor
from service.review.deps import request_id
from service.review.desk_errors import ANALYSIS_FAILURES, analysis_failure
from service.review.errors import StaleDecision
from service.review.highlight import highlight, item_marks
from service.review.item_page import (
    STATUS_WORDS,
    claim_groups,
    colour_key,
    family_of,
    unflagged_claims,
    who_asserts,
)
from service.review.repository import QueueFilter
from service.review.stats import acceptance_stats
from service.review.submission_form import (
    UNEXPECTED,
    FormProblem,
    SubmissionForm,
    refusal_message,
)
from service.review.templating import templates

log = logging.getLogger(__name__)
router = APIRouter(prefix="/desk", include_in_schema=False)
STATIC_DIR = Path(__file__).resolve().parent / "static"
"""Served at /desk/static: scripts live in files, so a strict CSP needs no inline script."""
templates.env.globals["failure_words"] = ANALYSIS_FAILURES
templates.env.globals["who_asserts"] = who_asserts
templates.env.globals["family_of"] = family_of
templates.env.globals["families"] = FAMILIES
templates.env.globals["status_words"] = STATUS_WORDS


def _page(
    request: Request, name: str, user: LiveSession | None, code: int = 200, **context: Any
) -> HTMLResponse:
    context |= {
        "user": user.principal if user else None,
        "csrf_token": user.csrf_token if user else "",
        "error": request.query_params.get("error"),
    }
    return templates.TemplateResponse(request, name, context, status_code=code)


def _to(path: str, error: str | None = None) -> RedirectResponse:
    suffix = f"?error={quote(error)}" if error else ""
    return RedirectResponse(path + suffix, status_code=303)


def _login() -> RedirectResponse:
    return _to("/desk/login")


def _act(
    user: Principal, request: Request, back: str, work: Callable[[Actor], object]
) -> RedirectResponse:
    """Run an editor's action; come back to the page, with the refusal shown if it failed."""
    if not user.can("editor"):
        return _to(back, _needs_editor(user))
    try:
        work(Actor(user.name, request_id(request)))
    except DeskcheckError as refused:
        return _to(back, refused.for_editors or refused.detail)
    return _to(back)


def _needs_editor(user: Principal) -> str:
    return f"this needs the editor role; '{user.name}' is a {user.role}"


@router.get("/login")
def login_form(request: Request, user: DeskUser) -> Response:
    return _page(request, "login.html", user)


_SESSION_ENDED = (
    "Your desk session has ended, so the article was not submitted. Log in again: it comes "
    "back in the submit form as you left it."
)


@router.post("/login", dependencies=[Depends(same_origin_post)])
def login(
    request: Request,
    db: DatabaseDep,
    guard: GuardDep,
    settings: SettingsDep,
    key: Annotated[str, Form()],
    draft_title: Annotated[str, Form()] = "",
    draft_outlet: Annotated[str, Form()] = "",
    draft_text: Annotated[str | None, Form()] = None,
    draft_mode: Annotated[str, Form()] = "full",
) -> Response:
    draft = _kept_draft(draft_title, draft_outlet, draft_text, draft_mode)
    try:
        cookie = log_in(db, guard, client_address(request), key.strip())
    except TooManyFailures as throttled:
        page = _page(request, "login.html", None, 429, login_error=throttled.detail, draft=draft)
        page.headers["Retry-After"] = str(throttled.retry_after_s)
        return page
    if cookie is None:
        error = "unknown or revoked key"
        return _page(request, "login.html", None, 401, login_error=error, draft=draft)
    response = _after_login(request, db, guard, cookie, settings.max_article_chars, draft)
    set_session_cookie(response, request, guard, cookie)
    return response


def _kept_draft(title: str, outlet: str, text: str | None, mode: str) -> SubmissionForm | None:
    """A submission whose session had ended rides along with the log-in, so it loses none of it."""
    return None if text is None else SubmissionForm.from_browser(title, outlet, text, mode)


def _after_login(
    request: Request,
    db: DatabaseDep,
    guard: GuardDep,
    cookie: str,
    max_article_chars: int,
    draft: SubmissionForm | None,
) -> Response:
    """The queue, or the submit form brought back with the kept draft in the new session."""
    if draft is None:
        return _to("/desk/")
    return _submit_page(request, _opened(db, guard, cookie), max_article_chars, draft)


def _opened(db: DatabaseDep, guard: GuardDep, cookie: str) -> LiveSession:
    """The session a successful log-in just opened (its CSRF token goes in the next form)."""
    session_id = guard.signer.unsign(cookie)
    with db.session() as session:
        live = None if session_id is None else live_session(session, session_id)
    assert live is not None, "a session opened a moment ago is live"
    return live


@router.post("/logout")
def logout(db: DatabaseDep, user: DeskFormUser) -> Response:
    if user is not None:
        log_out(db, user)
    response = _login()
    clear_session_cookie(response)
    return response


@router.get("/")
def queue(
    request: Request, db: DatabaseDep, user: DeskUser, status: str | None = None, cursor: str = ""
) -> Response:
    if user is None:
        return _login()
    where = QueueFilter(status=status or None)
    try:
        page = service.list_queue(db, where, 50, cursor=cursor or None)
    except DeskcheckError as refused:
        return _to("/desk/", refused.for_editors or refused.detail)
    analysis = service.analysis_counts(db)
    return _page(
        request, "queue.html", user, page=page, status_filter=status or "", analysis=analysis
    )


@router.get("/submit")
def submit_form(request: Request, user: DeskUser, settings: SettingsDep) -> Response:
    if user is None:
        return _login()
    return _submit_page(request, user, settings.max_article_chars, SubmissionForm())


def _submit_page(
    request: Request,
    user: LiveSession,
    max_chars: int,
    form: SubmissionForm,
    code: int = 200,
    problem: str | None = None,
) -> Response:
    return _page(
        request, "submit.html", user, code, form=form, max_chars=max_chars, form_error=problem
    )


@router.post("/submit")
def submit(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    jobs: JobsDep,
    user: DeskFormUser,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    mode: Annotated[str, Form()] = "full",
) -> Response:
    form = SubmissionForm.from_browser(title, outlet, text, mode)
    if user is None:
        return _page(request, "login.html", None, 401, login_error=_SESSION_ENDED, draft=form)

    def again(code: int, problem: str) -> Response:
        """The form as the editor left it, with what to do: nothing pasted is lost."""
        return _submit_page(request, user, settings.max_article_chars, form, code, problem)

    try:
        body = form.request(settings.max_article_chars)
        actor = Actor(user.principal.name, request_id(request))
        item = service.submit(db, settings, jobs, body, actor)
    except FormProblem as problem:
        return again(problem.status, problem.message)
    except DeskcheckError as refused:
        return again(refused.status, refusal_message(refused))
    except Exception:  # the store or the queue failing: the editor's text must survive it
        log.exception("desk submission failed")
        return again(500, UNEXPECTED)
    return _to(f"/desk/items/{item.id}")


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: str, db: DatabaseDep, user: DeskUser) -> Response:
    if user is None:
        return _login()
    item = service.get_item(db, item_id)
    if item.error is not None:
        item = item.model_copy(update={"error": analysis_failure(item.error)})
    audit = service.audit_trail(db, item_id, 500, 0)
    article = highlight(item.article.text, item_marks(item))
    groups = claim_groups(item)
    return _page(
        request,
        "item.html",
        user,
        item=item,
        article=article,
        groups=groups,
        unflagged=unflagged_claims(item, groups),
        colour_key=colour_key(),
        undecided=sum(flag.decision is None for flag in item.flags),
        audit=audit.entries,
    )


@router.post("/items/{item_id}/flags/{flag_id}")
def decide(
    request: Request,
    item_id: str,
    flag_id: FlagId,
    db: DatabaseDep,
    user: DeskFormUser,
    decision: Annotated[Decision, Form()],
    note: Annotated[str, Form()] = "",
    expected_version: Annotated[int | None, Form()] = None,
) -> Response:
    # The version the page showed: deciding on a stale page is refused, not silently applied.
    body = DecideRequest(decision=decision, note=note, expected_version=expected_version)
    if _wants_json(request):
        return _decide_for_script(request, db, item_id, flag_id, body, user)
    if user is None:
        return _login()
    back = f"/desk/items/{item_id}"
    response = _act(
        user.principal,
        request,
        back,
        lambda actor: service.decide_flag(db, item_id, flag_id, body, actor),
    )
    response.headers["location"] += f"#flag-{flag_id}"
    return response


def _wants_json(request: Request) -> bool:
    """The page's script asks for JSON to decide without a reload; a plain form post does not."""
    return "application/json" in request.headers.get("accept", "")


def _decide_for_script(
    request: Request,
    db: DatabaseDep,
    item_id: str,
    flag_id: int,
    body: DecideRequest,
    user: LiveSession | None,
) -> JSONResponse:
    """The decided flag and the item's status, or `{"error", "detail"}` in words for the page."""
    if user is None:
        return _refusal(401, "unauthorized", "your desk session has ended: log in again")
    principal = user.principal
    if not principal.can("editor"):
        return _refusal(403, "forbidden", _needs_editor(principal))
    actor = Actor(principal.name, request_id(request))
    try:
        item = service.decide_flag(db, item_id, flag_id, body, actor)
    except StaleDecision as refused:
        return _refusal(refused.status, refused.kind, _DECIDED_MEANWHILE)
    except DeskcheckError as refused:
        return _refusal(refused.status, refused.kind, refused.for_editors or refused.detail)
    flag = next(f for f in item.flags if f.id == flag_id)
    return JSONResponse({"flag": flag.model_dump(mode="json"), "item_status": item.status})


_DECIDED_MEANWHILE = (
    "someone else decided this flag after this page was loaded: reload the page to see their "
    "decision, then decide again"
)


def _refusal(status: int, kind: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": kind, "detail": detail}, status_code=status)


@router.post("/items/{item_id}/claims/{claim_id}")
def decide_claim(
    request: Request,
    item_id: str,
    claim_id: ClaimId,
    db: DatabaseDep,
    user: DeskFormUser,
    decision: Annotated[ClaimDecision, Form()],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    if user is None:
        return _login()
    body = ClaimDecisionRequest(decision=decision, note=note)
    response = _act(
        user.principal,
        request,
        f"/desk/items/{item_id}",
        lambda actor: service.decide_claim(db, item_id, claim_id, body, actor),
    )
    response.headers["location"] += f"#claim-notes-{claim_id}"
    return response


@router.post("/items/{item_id}/summary")
def edit_summary(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    user: DeskFormUser,
    text: Annotated[str, Form()],
) -> Response:
    if user is None:
        return _login()
    return _act(
        user.principal,
        request,
        f"/desk/items/{item_id}",
        lambda actor: service.edit_summary(db, item_id, text, actor),
    )


@router.post("/items/{item_id}/retry")
def retry(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    jobs: JobsDep,
    user: DeskFormUser,
    mode: Annotated[str, Form()] = "",
) -> Response:
    if user is None:
        return _login()
    actor = Actor(user.principal.name, request_id(request))
    try:
        service.retry(db, jobs, item_id, actor, "fast" if mode == "fast" else None)
    except DeskcheckError as refused:
        return _to(f"/desk/items/{item_id}", refused.for_editors or refused.detail)
    return _to(f"/desk/items/{item_id}")


@router.post("/items/{item_id}/{action}")
def lifecycle(
    request: Request,
    item_id: str,
    action: str,
    db: DatabaseDep,
    user: DeskFormUser,
    note: Annotated[str, Form()] = "",
) -> Response:
    if user is None:
        return _login()
    actions: dict[str, Callable[[Actor], object]] = {
        "start": lambda actor: service.start_review(db, item_id, actor),
        "approve": lambda actor: service.approve(db, item_id, actor),
        "return": lambda actor: service.return_item(db, item_id, note, actor),
    }
    if action not in actions:
        return _to(f"/desk/items/{item_id}", f"unknown action {action!r}")
    return _act(user.principal, request, f"/desk/items/{item_id}", actions[action])


@router.get("/stats")
def stats(request: Request, db: DatabaseDep, user: DeskUser) -> Response:
    if user is None:
        return _login()
    view = acceptance_stats(db)
    chart = acceptance_chart(view.weeks)
    return _page(request, "stats.html", user, stats=view, chart=chart, max_weeks=MAX_WEEKS)
