"""One namespace for the names of API keys and accounts: the audit trail records who acted by
name alone, so a key and a person must never share one."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth.errors import DuplicateKeyName, InvalidName
from service.store.models import Account, ApiKey

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def check_name(name: str) -> str:
    """The name as given, if it is one a person can type and read in the audit trail."""
    if not _NAME.fullmatch(name):
        raise InvalidName(
            f"'{name}' cannot be a name: use 1 to 64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def name_taken(session: Session, name: str) -> DuplicateKeyName | None:
    """The refusal to give when `name` already names a key or an account (revoked and disabled
    ones included, so the audit trail stays unambiguous), else None."""
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        holder = "a key"
    elif session.scalar(select(Account.id).where(Account.name == name)) is not None:
        holder = "an account"
    else:
        return None
    return DuplicateKeyName(
        f"{holder} named '{name}' already exists (revoked keys and disabled accounts keep "
        "their name, so the audit trail stays unambiguous); choose another name"
    )
