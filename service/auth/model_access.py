"""Who may spend model time at /summarize, /verify and /analyze, and how often.

Both guards are off by default, so the README's first commands need no key.

- DESKCHECK_MODEL_ENDPOINTS_REQUIRE_KEY: a key of the submitter role or above, sent as the
  review API takes it (`Authorization: Bearer` or `X-API-Key`; the desk's cookie authorizes
  reads only). No key, or an unknown or revoked one: 401; a role below submitter: 403.
- DESKCHECK_MODEL_RATE_LIMIT: requests per key in a moving window; one more is 429 with
  Retry-After. When no key is required, a request that sends one counts against that key (an
  unknown key is 401, as anywhere: a mistyped key must not pass as no key), one that sends
  none against its client address.

It runs as the routers' dependency, so before the body is validated and before any model or
evidence work. The body is in memory by then: CancelOnDisconnect reads it first, and
BodyLimit bounds it.
"""

from typing import Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from service.auth.deps import VerifiedKeysDep, key_principal, presented_key, principal_with_role
from service.auth.guard import GuardDep, client_address
from service.auth.principal import Principal
from service.auth.schemes import MODEL_KEY_SCHEMES
from service.http.deps import DatabaseDep
from service.http.errors import error_responses


async def admit_model_request(
    request: Request, db: DatabaseDep, guard: GuardDep, keys: VerifiedKeysDep
) -> None:
    """Refuse (401/403/429) a request the settings do not let spend model time."""
    caller = await _caller(request, db, guard, keys)
    if guard.model_rate_limit is not None:
        bucket, who = _bucket(request, caller)
        # Off the loop: with Redis storage the count is a network round trip.
        await run_in_threadpool(guard.model_rate_limit.spend, bucket, who)


async def _caller(
    request: Request, db: DatabaseDep, guard: GuardDep, keys: VerifiedKeysDep
) -> Principal | None:
    if guard.model_key_required:
        return await principal_with_role(request, db, guard, keys, "submitter")
    raw = presented_key(request)
    if raw is None or guard.model_rate_limit is None:
        return None  # nothing would use the key: no lookup, as before these settings
    return await key_principal(request, db, guard, keys, raw)


def _bucket(request: Request, caller: Principal | None) -> tuple[str, str]:
    """The count a request spends from, and how to name it to the caller."""
    if caller is None:
        return f"address:{client_address(request)}", "your address"
    # By id, not name or hash: a key's budget is its own whatever it is called.
    return f"{caller.kind}:{caller.id}", caller.described


def _documented(status: int, description: str) -> dict[int | str, dict[str, Any]]:
    documented = error_responses(status)
    documented[status]["description"] = description
    return documented


MODEL_ACCESS_RESPONSES = {
    **_documented(
        401,
        "DESKCHECK_MODEL_ENDPOINTS_REQUIRE_KEY is on and no API key was sent; or a key was sent "
        "that is unknown or revoked.",
    ),
    **_documented(
        403, "DESKCHECK_MODEL_ENDPOINTS_REQUIRE_KEY is on and the key's role is below submitter."
    ),
    **_documented(
        429,
        "More requests than DESKCHECK_MODEL_RATE_LIMIT allows for this key (or, without a key, "
        "this address), or too many failed authentications; see Retry-After.",
    ),
    **_documented(
        503,
        "The model backend is unavailable, starting, busy or rate limited, or every evidence "
        "worker is taken, or the count of requests or of failed authentications cannot be "
        "reached; see Retry-After.",
    ),
}
"""The statuses the guard adds to a model endpoint's documented answers."""

MODEL_ACCESS = [MODEL_KEY_SCHEMES, Depends(admit_model_request)]
"""For the model endpoints' routers: `dependencies=MODEL_ACCESS`."""
