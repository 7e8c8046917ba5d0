"""/desk/accounts: the admin's page for people's accounts. Translation only, like the API
router; the work is in `service.auth.accounts.admin`.

A generated password is shown once, in the answer to the post that made it (never in a URL);
every other change answers with a redirect back to the page, so a reload repeats nothing.
"""

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from schemas.accounts import AccountUpdate, AccountWithPassword, Role
from service.auth.accounts import admin
from service.auth.accounts.service import Acting
from service.auth.desk import DeskFormUser, DeskUser
from service.auth.errors import Forbidden
from service.auth.keys import ROLES
from service.auth.sessions import LiveSession
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep
from service.http.templating import add_template_folder, templates
from service.observability.request_id import current_request_id
from service.store import Database

add_template_folder(Path(__file__).resolve().parents[1] / "templates")
PAGE = "/desk/accounts"
router = APIRouter(prefix=PAGE, include_in_schema=False)
NameField = Annotated[str, Form(max_length=200)]


def _admin(user: LiveSession) -> Acting:
    if not user.principal.can("admin"):
        raise Forbidden(
            f"managing accounts needs the admin role; '{user.principal.name}' is a "
            f"{user.principal.role}"
        )
    return Acting(user.principal.name, current_request_id())


def _page(
    request: Request,
    db: Database,
    user: LiveSession,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    context |= {
        "user": user.principal,
        "csrf_token": user.csrf_token,
        "error": context.get("error") or request.query_params.get("error"),
        "done": context.get("done") or request.query_params.get("done"),
        "accounts": admin.listing(db).accounts,
        "roles": ROLES,
    }
    return templates.TemplateResponse(request, "accounts.html", context, status_code=status)


def _back(done: str) -> RedirectResponse:
    return RedirectResponse(f"{PAGE}?done={quote(done)}", status_code=303)


@router.get("")
def accounts_page(request: Request, db: DatabaseDep, user: DeskUser) -> Response:
    _admin(user)
    return _page(request, db, user)


@router.post("")
def create(
    request: Request,
    db: DatabaseDep,
    user: DeskFormUser,
    name: NameField,
    role: Annotated[Role, Form()],
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    acting = _admin(user)
    try:
        made = admin.create(db, acting, name.strip(), role, password or None)
    except DeskcheckError as refused:
        return _page(request, db, user, refused.status, error=refused.detail, draft_name=name)
    return _shown(request, db, user, made, f"Created {made.name} ({made.role}).")


@router.post("/{name}/password")
def reset(
    request: Request,
    db: DatabaseDep,
    user: DeskFormUser,
    name: str,
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    acting = _admin(user)
    try:
        made = admin.reset(db, acting, name, password or None)
    except DeskcheckError as refused:
        return _page(request, db, user, refused.status, error=refused.detail)
    return _shown(request, db, user, made, f"New password set for {made.name}; signed out.")


def _shown(
    request: Request, db: Database, user: LiveSession, made: AccountWithPassword, done: str
) -> HTMLResponse:
    """The page with what was done, and the generated password if there is one (only now)."""
    return _page(request, db, user, done=done, shown=made)


@router.post("/{name}/role")
def change_role(
    db: DatabaseDep, user: DeskFormUser, name: str, role: Annotated[Role, Form()]
) -> Response:
    return _change(db, user, name, AccountUpdate(role=role), f"{name} is now {role}.")


@router.post("/{name}/disable")
def disable(db: DatabaseDep, user: DeskFormUser, name: str) -> Response:
    return _change(db, user, name, AccountUpdate(disabled=True), f"Disabled {name}; signed out.")


@router.post("/{name}/enable")
def enable(db: DatabaseDep, user: DeskFormUser, name: str) -> Response:
    return _change(db, user, name, AccountUpdate(disabled=False), f"Enabled {name}.")


def _change(
    db: Database, user: LiveSession, name: str, change: AccountUpdate, done: str
) -> Response:
    acting = _admin(user)
    try:
        admin.update(db, acting, name, change)
    except DeskcheckError as refused:
        return RedirectResponse(f"{PAGE}?error={quote(refused.detail)}", status_code=303)
    return _back(done)
