"""What authentication keeps for the life of the app: the cookie signer, the throttle, the keys
verified lately, and the guard on the model endpoints (a key required or not, the per-key
request limit)."""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from service.auth.address import ClientAddresses
from service.auth.cache import VerifiedKeys
from service.auth.rate_limit import RequestRateLimit
from service.auth.secret import session_secret
from service.auth.sessions import CookieSigner
from service.auth.throttle import AuthThrottle
from service.config import Settings


@dataclass(frozen=True)
class AuthGuard:
    signer: CookieSigner
    throttle: AuthThrottle
    session_lifetime: timedelta
    trusted_origins: list[str]
    verified_keys: VerifiedKeys
    addresses: ClientAddresses = field(default_factory=lambda: ClientAddresses(()))
    model_key_required: bool = False
    model_rate_limit: RequestRateLimit | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "AuthGuard":
        lifetime = timedelta(hours=settings.session_hours)
        return cls(
            signer=CookieSigner(partial(session_secret, settings), int(lifetime.total_seconds())),
            throttle=AuthThrottle(settings.auth_failure_limit, settings.auth_failure_storage),
            session_lifetime=lifetime,
            trusted_origins=settings.trusted_origins,
            verified_keys=VerifiedKeys(settings.key_cache_s),
            addresses=ClientAddresses(settings.trusted_proxies),
            model_key_required=settings.model_endpoints_require_key,
            model_rate_limit=_model_rate_limit(settings),
        )


def _model_rate_limit(settings: Settings) -> RequestRateLimit | None:
    if not settings.model_rate_limit:
        return None
    return RequestRateLimit(settings.model_rate_limit, model_rate_limit_storage(settings))


def model_rate_limit_storage(settings: Settings) -> str:
    """Where the model endpoints' requests are counted (`memory://`: in each process alone)."""
    return settings.model_rate_limit_storage or settings.auth_failure_storage


def install_auth(app: FastAPI, settings: Settings) -> None:
    app.state.auth = AuthGuard.from_settings(settings)


async def get_guard(request: Request) -> AuthGuard:  # async: no thread hop
    guard: AuthGuard = request.app.state.auth
    return guard


def client_address(request: Request) -> str:
    """The address failures and requests are counted against: the peer's own, or behind a
    listed proxy the client's (`service.auth.address`)."""
    guard: AuthGuard = request.app.state.auth
    peer = request.client.host if request.client else None
    return guard.addresses.resolve(peer, request.headers.getlist("x-forwarded-for"))


GuardDep = Annotated[AuthGuard, Depends(get_guard)]
