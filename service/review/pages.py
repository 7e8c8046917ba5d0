"""/desk: the review desk for people. Server-rendered; translation only, like the API router."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from schemas.common import ArticleIn
from schemas.review import DecideRequest, Decision, SubmitRequest
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
from service.auth.sessions import LiveSession
from service.deps import DatabaseDep, JobsDep, SettingsDep
from service.errors import DeskcheckError
from service.evidence.flag_types import FLAG_TYPES
from service.http_params import FlagId
from service.review import service
from service.review.chart import acceptance_chart
from service.review.context import Actor
from service.review.deps import request_id
from service.review.highlight import highlight, item_marks, who_asserts
from service.review.repository import QueueFilter
from service.review.stats import acceptance_stats

router = APIRouter(prefix="/desk", include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
STATIC_DIR = Path(__file__).resolve().parent / "static"
"""Served at /desk/static: scripts live in files, so a strict CSP needs no inline script."""
templates.env.globals["who_asserts"] = who_asserts
templates.env.globals["flag_types"] = FLAG_TYPES


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
        return _to(back, f"this needs the editor role; '{user.name}' is a {user.role}")
    try:
        work(Actor(user.name, request_id(request)))
    except DeskcheckError as refused:
        return _to(back, refused.detail)
    return _to(back)


@router.get("/login")
def login_form(request: Request, user: DeskUser) -> Response:
    return _page(request, "login.html", user)


@router.post("/login", dependencies=[Depends(same_origin_post)])
def login(
    request: Request, db: DatabaseDep, guard: GuardDep, key: Annotated[str, Form()]
) -> Response:
    try:
        cookie = log_in(db, guard, client_address(request), key.strip())
    except TooManyFailures as throttled:
        page = _page(request, "login.html", None, 429, login_error=throttled.detail)
        page.headers["Retry-After"] = str(throttled.retry_after_s)
        return page
    if cookie is None:
        return _page(request, "login.html", None, 401, login_error="unknown or revoked key")
    response = _to("/desk/")
    set_session_cookie(response, request, guard, cookie)
    return response


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
        return _to("/desk/", refused.detail)
    analysis = service.analysis_counts(db)
    return _page(
        request, "queue.html", user, page=page, status_filter=status or "", analysis=analysis
    )


@router.get("/submit")
def submit_form(request: Request, user: DeskUser) -> Response:
    return _login() if user is None else _page(request, "submit.html", user)


@router.post("/submit")
def submit(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    jobs: JobsDep,
    user: DeskFormUser,
    text: Annotated[str, Form()],
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    mode: Annotated[str, Form()] = "full",
) -> Response:
    if user is None:
        return _login()
    try:
        article = ArticleIn(text=text, title=title or None, outlet=outlet or None)
        body = SubmitRequest(article=article, mode="fast" if mode == "fast" else "full")
        item = service.submit(
            db, settings, jobs, body, Actor(user.principal.name, request_id(request))
        )
    except DeskcheckError as refused:
        return _to("/desk/submit", refused.detail)
    return _to(f"/desk/items/{item.id}")


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: str, db: DatabaseDep, user: DeskUser) -> Response:
    if user is None:
        return _login()
    item = service.get_item(db, item_id)
    audit = service.audit_trail(db, item_id, 500, 0)
    article = highlight(item.article.text, item_marks(item))
    claims = {c.id: c for c in item.verify.claims} if item.verify else {}
    return _page(
        request, "item.html", user, item=item, article=article, claims=claims, audit=audit.entries
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
    if user is None:
        return _login()
    # The version the page showed: deciding on a stale page is refused, not silently applied.
    body = DecideRequest(decision=decision, note=note, expected_version=expected_version)
    back = f"/desk/items/{item_id}"
    response = _act(
        user.principal,
        request,
        back,
        lambda actor: service.decide_flag(db, item_id, flag_id, body, actor),
    )
    response.headers["location"] += f"#flag-{flag_id}"
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
        return _to(f"/desk/items/{item_id}", refused.detail)
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
    return _page(request, "stats.html", user, stats=view, chart=acceptance_chart(view.weeks))
