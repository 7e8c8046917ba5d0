"""Keys are random, shown once, and stored only as their SHA-256. Names are unique."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Literal, get_args

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.auth.errors import DuplicateKeyName, UnknownKey
from service.auth.names import check_name, name_taken
from service.store.models import ApiKey, DeskSession, utcnow

Role = Literal["submitter", "editor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
_PREFIX = "dk_"
# `last_used_at` is for people reading `keys list`: minute precision spares a write per request.
_LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def role_covers(held: str, needed: Role) -> bool:
    """admin ⊇ editor ⊇ submitter."""
    return held in ROLES and ROLES.index(held) >= ROLES.index(needed)


def create_key(session: Session, name: str, role: Role) -> tuple[ApiKey, str]:
    """A new key row and the raw key, which is never stored and cannot be shown again."""
    taken = name_taken(session, check_name(name))
    if taken is not None:
        raise taken
    raw = _PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name, role=role, key_hash=hash_key(raw), prefix=raw[:10])
    session.add(row)
    try:
        session.flush()  # a concurrent create of the same name loses here, on the unique index
    except IntegrityError as clash:
        raise _duplicate(name) from clash
    return row, raw


def _duplicate(name: str) -> DuplicateKeyName:
    return DuplicateKeyName(
        f"a key named '{name}' already exists (revoked keys keep their name, so the audit "
        "trail stays unambiguous); choose another name"
    )


def find_key(session: Session, raw: str) -> ApiKey | None:
    """The live key matching `raw`, compared in constant time."""
    digest = hash_key(raw)
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    if row is None or row.revoked_at is not None:
        return None
    return row if hmac.compare_digest(row.key_hash, digest) else None


def mark_used(session: Session, key_id: int) -> None:
    now = utcnow()
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id)
        .where(or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - _LAST_USED_PRECISION))
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


def key_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ApiKey)) or 0


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, name_or_id: str) -> ApiKey:
    """Revoke a key by name (or by id when no key has that name) and end its desk sessions."""
    row = session.scalar(select(ApiKey).where(ApiKey.name == name_or_id))
    if row is None and name_or_id.isdigit():
        row = session.get(ApiKey, int(name_or_id))
    if row is None:
        raise UnknownKey(
            f"no key is named (or has the id) '{name_or_id}'; see `deskcheck keys list`"
        )
    now = utcnow()
    if row.revoked_at is None:
        row.revoked_at = now
    session.execute(
        update(DeskSession)
        .where(DeskSession.key_id == row.id, DeskSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return row
