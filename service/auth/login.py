"""/desk/login and /desk/logout, and where a desk request without a live session goes.

`DeskUser` and `DeskFormUser` (`service.auth.desk`) raise `LoginRequired`; `send_to_login`
answers it: people go to the log-in page, the desk's scripts (which ask for JSON) get the
refusal in words they can show. The log-in page wears the desk's layout through the shared
templates (`service.http.templating`). A submission whose session had ended rides along with
the log-in; the desk lends what it takes to keep it (`DraftKeeping`), as auth sits below the
desk and cannot import it. The log-in returns to the desk page the editor was on (`next`,
service/auth/return_to.py); what they had typed there the page keeps in the browser.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Generic, Protocol, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.auth.desk import (
    AccountDisabled,
    LoginRequired,
    MaybeDeskFormUser,
    MaybeDeskUser,
    clear_session_cookie,
    log_in,
    log_out,
    same_origin_post,
    set_session_cookie,
    sign_in,
)
from service.auth.errors import TooManyFailures
from service.auth.guard import AuthGuard, GuardDep, client_address
from service.auth.return_to import return_path_of, safe_return_path
from service.auth.sessions import LiveSession, live_session
from service.http.deps import DatabaseDep
from service.http.errors import error_response
from service.http.templating import add_template_folder, templates
from service.store import Database

LOGIN_PAGE = "/desk/login"
add_template_folder(Path(__file__).resolve().parent / "templates")
router = APIRouter(prefix="/desk", include_in_schema=False)


class KeptDraft(Protocol):
    """A submission whose session ended before it was stored, as the log-in page carries it."""

    @property
    def title(self) -> str: ...
    @property
    def outlet(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def mode(self) -> str: ...


Draft = TypeVar("Draft", bound=KeptDraft)


@dataclass(frozen=True)
class DraftKeeping(Generic[Draft]):
    """What the desk lends the log-in so that a submission whose session ended loses nothing:
    `keep` reads it from the log-in form's hidden fields (title, outlet, text, mode) as the
    submit form reads its own; `resume` shows it again, filled in, in the session the log-in
    just opened."""

    keep: Callable[[str, str, str, str], Draft]
    resume: Callable[[Request, LiveSession, Draft], Response]


def install_login(app: FastAPI, drafts: DraftKeeping[Any]) -> None:
    app.state.draft_keeping = drafts
    app.add_exception_handler(LoginRequired, send_to_login)


async def send_to_login(request: Request, exc: Exception) -> Response:
    """People to the log-in page; a script asking for JSON gets `{"error", "detail"}` instead,
    so the item page can say "Not saved: ..." where the editor pressed a key."""
    assert isinstance(exc, LoginRequired)
    if "application/json" in request.headers.get("accept", ""):
        return error_response(exc.status, exc.kind, exc.detail)
    back = return_path_of(request)
    query = f"?{urlencode({'next': back})}" if back else ""
    return RedirectResponse(LOGIN_PAGE + query, status_code=303)


async def _draft_keeping(request: Request) -> DraftKeeping[Any]:  # async: no thread hop
    drafts: DraftKeeping[Any] = request.app.state.draft_keeping
    return drafts


DraftKeepingDep = Annotated[DraftKeeping[Any], Depends(_draft_keeping)]


def login_page(
    request: Request,
    user: LiveSession | None,
    status: int = 200,
    login_error: str | None = None,
    draft: KeptDraft | None = None,
    back: str | None = None,
) -> HTMLResponse:
    context = {
        "next": back,
        "user": user.principal if user else None,
        "csrf_token": user.csrf_token if user else "",
        "error": request.query_params.get("error"),
        "login_error": login_error,
        "draft": draft,
    }
    return templates.TemplateResponse(request, "login.html", context, status_code=status)


@router.get("/login")
def login_form(request: Request, user: MaybeDeskUser, next: str | None = None) -> Response:
    return login_page(request, user, back=safe_return_path(next))


@router.post("/login", dependencies=[Depends(same_origin_post)])
def login(
    request: Request,
    db: DatabaseDep,
    guard: GuardDep,
    drafts: DraftKeepingDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    key: Annotated[str, Form()] = "",
    draft_title: Annotated[str, Form()] = "",
    draft_outlet: Annotated[str, Form()] = "",
    draft_text: Annotated[str | None, Form()] = None,
    draft_mode: Annotated[str, Form()] = "full",
    next: Annotated[str, Form()] = "",
) -> Response:
    """A person signs in with a user name and password; a key holder with the key."""
    kept = _kept(drafts, draft_title, draft_outlet, draft_text, draft_mode)
    back = safe_return_path(next)
    name, raw_key = username.strip(), key.strip()
    if not name and not raw_key:
        return login_page(request, None, 400, "enter your user name and password", kept, back)
    try:
        cookie = _open_session(db, guard, client_address(request), name, password, raw_key)
    except TooManyFailures as throttled:
        page = login_page(request, None, 429, throttled.detail, kept, back)
        page.headers["Retry-After"] = str(throttled.retry_after_s)
        return page
    except AccountDisabled as disabled:
        return login_page(request, None, 403, disabled.detail, kept, back)
    if cookie is None:
        wrong = "wrong user name or password" if name else "unknown or revoked key"
        return login_page(request, None, 401, wrong, kept, back)
    response = _after_login(request, db, guard, drafts, cookie, kept, back)
    set_session_cookie(response, request, guard, cookie)
    return response


def _open_session(
    db: Database, guard: AuthGuard, client: str, name: str, password: str, raw_key: str
) -> str | None:
    if name:
        return sign_in(db, guard, client, name, password)
    return log_in(db, guard, client, raw_key)


def _kept(
    drafts: DraftKeeping[Any], title: str, outlet: str, text: str | None, mode: str
) -> KeptDraft | None:
    """A submission whose session had ended rides along with the log-in, so it loses none of it."""
    return None if text is None else drafts.keep(title, outlet, text, mode)


def _after_login(
    request: Request,
    db: Database,
    guard: AuthGuard,
    drafts: DraftKeeping[Any],
    cookie: str,
    kept: KeptDraft | None,
    back: str | None,
) -> Response:
    """The submit form brought back with the kept draft in the new session, else the desk page
    the editor was on (`back`), else the queue."""
    if kept is None:
        return RedirectResponse(back or "/desk/", status_code=303)
    return drafts.resume(request, _opened(db, guard, cookie), kept)


def _opened(db: Database, guard: AuthGuard, cookie: str) -> LiveSession:
    """The session a successful log-in just opened (its CSRF token goes in the next form)."""
    session_id = guard.signer.unsign(cookie)
    with db.session() as session:
        live = None if session_id is None else live_session(session, session_id)
    assert live is not None, "a session opened a moment ago is live"
    return live


@router.post("/logout")
def logout(db: DatabaseDep, user: MaybeDeskFormUser) -> Response:
    if user is not None:
        log_out(db, user)
    response = RedirectResponse(LOGIN_PAGE, status_code=303)
    clear_session_cookie(response)
    return response
