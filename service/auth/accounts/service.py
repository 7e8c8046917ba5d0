"""What admins do with accounts, and a person signing in. Every change lands in the audit chain.

The caller opens the store session (one transaction per change, with its audit row). Names share
one namespace with API keys (`service.auth.names`). Disabling an account or resetting its
password ends its desk sessions in the same transaction, so they stop on the next request in
every replica (sessions are looked up in the store on each request, never cached).
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.auth.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_matches,
    spend_a_verification,
)
from service.auth.errors import AccountChangeRefused, UnknownAccount
from service.auth.keys import Role, role_covers
from service.auth.names import check_name, name_taken
from service.store.audit import AuditEvent, append_audit
from service.store.models import Account, DeskSession, utcnow


@dataclass(frozen=True)
class Acting:
    """Who makes a change (an admin's account or key name, or `cli:<user>`), and in which
    request: what the audit row records."""

    name: str
    request_id: str | None = None


def create_account(
    session: Session, acting: Acting, name: str, role: Role, password: str
) -> Account:
    taken = name_taken(session, check_name(name))
    if taken is not None:
        raise taken
    account = Account(
        name=name, role=role, password_hash=hash_password(password), created_by=acting.name
    )
    session.add(account)
    try:
        session.flush()  # a concurrent create of the same name loses here, on the unique index
    except IntegrityError as clash:
        raise name_taken(session, name) or clash from clash
    _audit(session, acting, "account.created", account, None, f"role {role}")
    return account


def set_role(session: Session, acting: Acting, name: str, role: Role) -> Account:
    account = find_account(session, name)
    if account.name == acting.name and not role_covers(role, "admin"):
        raise AccountChangeRefused(
            "you cannot lower your own role: another admin has to, so the desk keeps an admin"
        )
    before = account_state(account)
    if account.role != role:
        account.role = role
        _audit(
            session, acting, "account.role_changed", account, before, f"{before['role']} → {role}"
        )
    return account


def reset_password(session: Session, acting: Acting, name: str, password: str) -> Account:
    """A new password; the account's open sessions end (the old one may have leaked)."""
    account = find_account(session, name)
    account.password_hash = hash_password(password)
    account.password_set_at = utcnow()
    ended = end_account_sessions(session, account.id)
    _audit(session, acting, "account.password_reset", account, None, f"{ended} session(s) ended")
    return account


def disable_account(session: Session, acting: Acting, name: str) -> Account:
    """No more sign-ins, and every open session of the account ends now."""
    account = find_account(session, name)
    if account.name == acting.name:
        raise AccountChangeRefused("you cannot disable your own account: ask another admin")
    before = account_state(account)
    if account.disabled_at is None:
        account.disabled_at = utcnow()
        ended = end_account_sessions(session, account.id)
        _audit(session, acting, "account.disabled", account, before, f"{ended} session(s) ended")
    return account


def enable_account(session: Session, acting: Acting, name: str) -> Account:
    account = find_account(session, name)
    before = account_state(account)
    if account.disabled_at is not None:
        account.disabled_at = None
        _audit(session, acting, "account.enabled", account, before)
    return account


def list_accounts(session: Session) -> list[Account]:
    return list(session.scalars(select(Account).order_by(Account.name)))


def find_account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise UnknownAccount(f"no account is named '{name}'; see `deskcheck accounts list`")
    return account


def check_credentials(session: Session, name: str, password: str) -> Account | None:
    """The account if `password` is its password, else None (in about the same time whether
    or not the name exists). A disabled account is returned too: the caller says so."""
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        spend_a_verification()
        return None
    if not password_matches(account.password_hash, password):
        return None
    if needs_rehash(account.password_hash):  # parameters raised since it was set
        account.password_hash = hash_password(password)
    return account


def end_account_sessions(session: Session, account_id: int) -> int:
    ended = session.execute(
        update(DeskSession)
        .where(DeskSession.account_id == account_id, DeskSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(ended, "rowcount", 0) or 0)


def account_state(account: Account) -> dict[str, Any]:
    """What the audit row's digests cover: never the password hash."""
    return {"name": account.name, "role": account.role, "disabled": account.disabled_at is not None}


def _audit(
    session: Session,
    acting: Acting,
    action: str,
    account: Account,
    before: dict[str, Any] | None,
    detail: str = "",
) -> None:
    event = AuditEvent(
        acting.name,
        action,
        f"account:{account.name}",
        before,
        account_state(account),
        acting.request_id,
        detail,
    )
    append_audit(session, event)
