"""Desk sessions: a random id kept server-side (as its hash), carried in a signed cookie.

A session belongs to an account (a person who signed in with a password) or to an API key.
The cookie never holds the key or the password. Logging out, revoking the key, disabling the
account or resetting its password, or the session's expiry ends it; a stolen cookie is worth
nothing after that.
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
from service.store.models import Account, ApiKey, DeskSession, utcnow

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


def open_session(session: Session, holder: ApiKey | Account, lifetime: timedelta) -> str:
    """A new session for a key or an account; returns the raw id, which only the signed cookie
    carries."""
    _prune(session)
    session_id = secrets.token_urlsafe(32)
    now = utcnow()
    is_key = isinstance(holder, ApiKey)
    session.add(
        DeskSession(
            id_hash=_hash(session_id),
            key_id=holder.id if is_key else None,
            account_id=None if is_key else holder.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
        )
    )
    if isinstance(holder, ApiKey):
        mark_used(session, holder.id)
    else:
        holder.last_login_at = now
    return session_id


def live_session(session: Session, session_id: str) -> LiveSession | None:
    """The session if it is neither ended nor expired, and its key is not revoked nor its
    account disabled. The role is read now: a role an admin changed applies at once."""
    now = utcnow()
    found = session.execute(
        select(DeskSession, ApiKey, Account)
        .outerjoin(ApiKey, ApiKey.id == DeskSession.key_id)
        .outerjoin(Account, Account.id == DeskSession.account_id)
        .where(DeskSession.id_hash == _hash(session_id))
        .where(DeskSession.revoked_at.is_(None), DeskSession.expires_at > now)
    ).first()
    if found is None:
        return None
    row, key, account = found
    principal = _holder(session, key, account)
    if principal is None:
        return None
    session.execute(
        update(DeskSession)
        .where(DeskSession.id_hash == row.id_hash)
        .where(DeskSession.last_seen_at < now - _LAST_SEEN_PRECISION)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    return LiveSession(principal, row.id_hash, row.csrf_token)


def _holder(session: Session, key: ApiKey | None, account: Account | None) -> Principal | None:
    """Who holds the session, while their key is live or their account enabled."""
    if key is not None and key.revoked_at is None:
        mark_used(session, key.id)
        return Principal(key.id, key.name, key.role, "key")
    if account is not None and account.disabled_at is None:
        return Principal(account.id, account.name, account.role, "account")
    return None


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
