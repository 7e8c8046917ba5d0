"""Keys are random, shown once, and stored only as their SHA-256."""

import hashlib
import hmac
import secrets
from typing import Literal, get_args

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.store.models import ApiKey

Role = Literal["submitter", "editor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
_PREFIX = "dk_"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def role_covers(held: str, needed: Role) -> bool:
    """admin ⊇ editor ⊇ submitter."""
    return held in ROLES and ROLES.index(held) >= ROLES.index(needed)


def create_key(session: Session, name: str, role: Role) -> tuple[ApiKey, str]:
    """A new key row and the raw key, which is never stored and cannot be shown again."""
    raw = _PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name, role=role, key_hash=hash_key(raw), prefix=raw[:10])
    session.add(row)
    session.flush()
    return row, raw


def find_key(session: Session, raw: str) -> ApiKey | None:
    """The live key matching `raw`, compared in constant time."""
    digest = hash_key(raw)
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    if row is None or row.revoked_at is not None:
        return None
    return row if hmac.compare_digest(row.key_hash, digest) else None


def key_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ApiKey)) or 0
