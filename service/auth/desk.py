"""The desk's side of authentication: log in and out, and who is at the desk.

A desk page asks for `DeskUser`, a desk form post for `DeskFormUser`: the live session, or
`LoginRequired`, which `service.auth.login` answers with the log-in page (or, to the desk's
scripts, a refusal in words). Every desk form post passes `check_same_origin` first and
carries its session's CSRF token.
"""

from typing import Annotated

from fastapi import Depends, Form, Request, Response
from starlette.concurrency import run_in_threadpool

from service.auth.accounts.service import check_credentials
from service.auth.csrf import check_same_origin
from service.auth.errors import CrossSiteRequest, Forbidden, Unauthorized
from service.auth.guard import AuthGuard, GuardDep
from service.auth.keys import find_key
from service.auth.sessions import SESSION_COOKIE, LiveSession, end_session, live_session
from service.auth.sessions import open_session as open_db_session
from service.http.deps import DatabaseDep
from service.store import Database


def log_in(db: Database, guard: AuthGuard, client: str, raw_key: str) -> str | None:
    """A signed cookie value for a new session, or None for an unknown key (counted)."""
    guard.throttle.check(client)
    with db.session() as session:
        key = find_key(session, raw_key)
        if key is not None:
            return guard.signer.sign(open_db_session(session, key, guard.session_lifetime))
    guard.throttle.failed(client)
    return None


def sign_in(db: Database, guard: AuthGuard, client: str, name: str, password: str) -> str | None:
    """A signed cookie value for a new session of the account, or None for a wrong name or
    password (counted against the address and the account). A disabled account is refused in
    words once its password is right."""
    guard.throttle.check(client, name)
    with db.session() as session:
        account = check_credentials(session, name, password)
        if account is not None:
            if account.disabled_at is not None:
                raise AccountDisabled
            return guard.signer.sign(open_db_session(session, account, guard.session_lifetime))
    guard.throttle.failed(client, name)
    return None


class AccountDisabled(Forbidden):
    def __init__(self) -> None:
        super().__init__("this account is disabled; ask an admin to enable it")


def log_out(db: Database, live: LiveSession) -> None:
    with db.session() as session:
        end_session(session, live.id_hash)


def set_session_cookie(response: Response, request: Request, guard: AuthGuard, value: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=guard.signer.max_age_s,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


def _session_of(db: Database, guard: AuthGuard, cookie: str | None) -> LiveSession | None:
    session_id = None if cookie is None else guard.signer.unsign(cookie)
    if session_id is None:
        return None
    with db.session() as session:
        return live_session(session, session_id)


async def desk_session(request: Request, db: DatabaseDep, guard: GuardDep) -> LiveSession | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    return await run_in_threadpool(_session_of, db, guard, cookie)


async def desk_form_session(
    request: Request,
    db: DatabaseDep,
    guard: GuardDep,
    csrf_token: Annotated[str, Form()] = "",
) -> LiveSession | None:
    """The session behind a form post, refused (403) if it comes from elsewhere."""
    check_same_origin(request, guard.trusted_origins)
    live = await desk_session(request, db, guard)
    if live is not None and not live.csrf_matches(csrf_token):
        raise CrossSiteRequest(
            "refused: the form's CSRF token is missing or belongs to another session; "
            "reload the page and submit again"
        )
    return live


def same_origin_post(request: Request, guard: GuardDep) -> None:
    """For the login form, which has no session (and so no token) yet."""
    check_same_origin(request, guard.trusted_origins)


MaybeDeskUser = Annotated[LiveSession | None, Depends(desk_session)]
MaybeDeskFormUser = Annotated[LiveSession | None, Depends(desk_form_session)]
"""For the few desk routes that serve a visitor without a session too: log-in, log-out, and
the submit form (which keeps the pasted article through a new log-in)."""


class LoginRequired(Unauthorized):
    """A desk request without a live session: people are sent to log in, scripts told so."""

    def __init__(self) -> None:
        super().__init__("your desk session has ended: log in again")


def signed_in(live: LiveSession | None) -> LiveSession:
    if live is None:
        raise LoginRequired
    return live


async def desk_user(live: MaybeDeskUser) -> LiveSession:
    return signed_in(live)


async def desk_form_user(live: MaybeDeskFormUser) -> LiveSession:
    """The same, for a form post: its origin is checked before the session, its token after."""
    return signed_in(live)


DeskUser = Annotated[LiveSession, Depends(desk_user)]
DeskFormUser = Annotated[LiveSession, Depends(desk_form_user)]
