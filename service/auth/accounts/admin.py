"""Account administration in one transaction each, answered as the API's views: what the JSON
API, the desk's admin page and the command line share."""

from typing import cast

from schemas.accounts import AccountList, AccountUpdate, AccountView, AccountWithPassword, Role
from service.auth.accounts import service
from service.auth.accounts.passwords import generated_password
from service.auth.accounts.service import Acting
from service.store import Database
from service.store.models import Account


def account_view(account: Account) -> AccountView:
    return AccountView(
        name=account.name,
        role=cast(Role, account.role),
        disabled=account.disabled_at is not None,
        created_at=account.created_at,
        created_by=account.created_by,
        password_set_at=account.password_set_at,
        last_login_at=account.last_login_at,
    )


def _with_password(account: Account, generated: str | None) -> AccountWithPassword:
    return AccountWithPassword(**account_view(account).model_dump(), generated_password=generated)


def create(
    db: Database, acting: Acting, name: str, role: Role, password: str | None
) -> AccountWithPassword:
    """A new account; without a password, one is generated and returned (only here)."""
    generated = None if password else generated_password()
    with db.session() as session:
        account = service.create_account(session, acting, name, role, password or generated or "")
        return _with_password(account, generated)


def reset(db: Database, acting: Acting, name: str, password: str | None) -> AccountWithPassword:
    generated = None if password else generated_password()
    with db.session() as session:
        account = service.reset_password(session, acting, name, password or generated or "")
        return _with_password(account, generated)


def update(db: Database, acting: Acting, name: str, change: AccountUpdate) -> AccountView:
    """Role and disabled state in one transaction: both change, or neither."""
    with db.session() as session:
        account = service.find_account(session, name)
        if change.role is not None:
            account = service.set_role(session, acting, name, change.role)
        if change.disabled is True:
            account = service.disable_account(session, acting, name)
        elif change.disabled is False:
            account = service.enable_account(session, acting, name)
        return account_view(account)


def listing(db: Database) -> AccountList:
    with db.session() as session:
        return AccountList(accounts=[account_view(a) for a in service.list_accounts(session)])


def one(db: Database, name: str) -> AccountView:
    with db.session() as session:
        return account_view(service.find_account(session, name))
