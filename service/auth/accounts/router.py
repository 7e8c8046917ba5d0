"""/accounts: admins manage the people who sign in to the desk. Translation only; the work is
in `service.auth.accounts.admin` (and `service`)."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from schemas.accounts import (
    AccountCreate,
    AccountList,
    AccountUpdate,
    AccountView,
    AccountWithPassword,
    PasswordReset,
)
from service.auth.accounts import admin
from service.auth.accounts.service import Acting
from service.auth.deps import AdminDep
from service.auth.principal import Principal
from service.auth.schemes import KEY_SCHEMES
from service.http.deps import DatabaseDep
from service.http.errors import error_responses
from service.observability.request_id import current_request_id

router = APIRouter(
    prefix="/accounts",
    tags=["accounts"],
    dependencies=[KEY_SCHEMES],
    responses=error_responses(401, 403, 429),
)
Name = Annotated[str, Path(max_length=200, description="The account's user name.")]


def _acting(principal: Principal) -> Acting:
    return Acting(principal.name, current_request_id())


@router.get("")
def list_accounts(db: DatabaseDep, principal: AdminDep) -> AccountList:
    """Every account, disabled ones included (never a password or its hash)."""
    return admin.listing(db)


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(409, 413, 422))
def create_account(
    body: AccountCreate, db: DatabaseDep, principal: AdminDep
) -> AccountWithPassword:
    """A new account. Without `password`, one is generated and returned in this answer only."""
    password = body.password.get_secret_value() if body.password else None
    return admin.create(db, _acting(principal), body.name, body.role, password)


@router.get("/{name}", responses=error_responses(404))
def get_account(name: Name, db: DatabaseDep, principal: AdminDep) -> AccountView:
    return admin.one(db, name)


@router.patch("/{name}", responses=error_responses(404, 409, 413, 422))
def update_account(
    name: Name, body: AccountUpdate, db: DatabaseDep, principal: AdminDep
) -> AccountView:
    """Change the role, or disable (its sessions end at once) or enable the account."""
    return admin.update(db, _acting(principal), name, body)


@router.post("/{name}/password", responses=error_responses(404, 413, 422))
def reset_password(
    name: Name, body: PasswordReset, db: DatabaseDep, principal: AdminDep
) -> AccountWithPassword:
    """A new password (generated and returned once when none is given); the account's open
    sessions end."""
    password = body.password.get_secret_value() if body.password else None
    return admin.reset(db, _acting(principal), name, password)
