"""Desk sessions: a random id kept server-side (as its hash), carried in a signed cookie.

The cookie never holds the API key. Logging out, revoking the key, or the session's expiry
ends it; a stolen cookie is worth nothing after that.
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from service.auth.keys import mark_used
from service.auth.principal import Principal
from service.store.models import ApiKey, DeskSession, utcnow

SESSION_COOKIE = "deskcheck_session"
_SALT = "deskcheck.desk-session"
_LAST_SEEN_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class LiveSession:
    principal: Principal
    id_hash: str
    csrf_token: str

    def csrf_matches(self, presented: str) -> bool:
        return bool(presented) and hmac.compare_digest(self.csrf_token, presented)


class CookieSigner:
    """Signs session ids; the secret is read (or generated) on first use, not at import."""

    def __init__(self, load_secret: Callable[[], str], max_age_s: int) -> None:
        self._load_secret = load_secret
        self.max_age_s = max_age_s

    @cached_property
    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self._load_secret(), salt=_SALT)

    def sign(self, session_id: str) -> str:
        return self._serializer.dumps(session_id)

    def unsign(self, cookie: str) -> str | None:
        try:
            value = self._serializer.loads(cookie, max_age=self.max_age_s)
        except BadSignature:  # includes SignatureExpired
            return None
        return value if isinstance(value, str) else None


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(session: Session, key: ApiKey, lifetime: timedelta) -> str:
    """A new session for `key`; returns the raw id, which only the signed cookie carries."""
    _prune(session)
    session_id = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        DeskSession(
            id_hash=_hash(session_id),
            key_id=key.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
        )
    )
    mark_used(session, key.id)
    return session_id


def live_session(session: Session, session_id: str) -> LiveSession | None:
    """The session if it is neither ended, expired, nor its key revoked."""
    now = utcnow()
    found = session.execute(
        select(DeskSession, ApiKey)
        .join(ApiKey, ApiKey.id == DeskSession.key_id)
        .where(DeskSession.id_hash == _hash(session_id))
        .where(DeskSession.revoked_at.is_(None), DeskSession.expires_at > now)
        .where(ApiKey.revoked_at.is_(None))
    ).first()
    if found is None:
        return None
    row, key = found
    session.execute(
        update(DeskSession)
        .where(DeskSession.id_hash == row.id_hash)
        .where(DeskSession.last_seen_at < now - _LAST_SEEN_PRECISION)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    mark_used(session, key.id)
    return LiveSession(Principal(key.id, key.name, key.role), row.id_hash, row.csrf_token)


def end_session(session: Session, id_hash: str) -> None:
    session.execute(
        update(DeskSession)
        .where(DeskSession.id_hash == id_hash, DeskSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _prune(session: Session) -> None:
    """Ended sessions are kept a day (to read after an incident), then deleted."""
    cutoff = utcnow() - timedelta(days=1)
    session.execute(
        delete(DeskSession).where(
            or_(DeskSession.expires_at < cutoff, DeskSession.revoked_at < cutoff)
        )
    )
