"""What authentication keeps for the life of the app: the cookie signer and the throttle."""

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Annotated

from fastapi import Depends, FastAPI, Request

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

    @classmethod
    def from_settings(cls, settings: Settings) -> "AuthGuard":
        lifetime = timedelta(hours=settings.session_hours)
        return cls(
            signer=CookieSigner(partial(session_secret, settings), int(lifetime.total_seconds())),
            throttle=AuthThrottle(settings.auth_failure_limit, settings.auth_failure_storage),
            session_lifetime=lifetime,
            trusted_origins=settings.trusted_origins,
        )


def install_auth(app: FastAPI, settings: Settings) -> None:
    app.state.auth = AuthGuard.from_settings(settings)


async def get_guard(request: Request) -> AuthGuard:  # async: no thread hop
    guard: AuthGuard = request.app.state.auth
    return guard


def client_address(request: Request) -> str:
    """The peer's address; behind a proxy, run uvicorn with --proxy-headers so it is the user's."""
    return request.client.host if request.client else "unknown"


GuardDep = Annotated[AuthGuard, Depends(get_guard)]
