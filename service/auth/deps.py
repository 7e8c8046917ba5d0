"""Who is calling the API: a key from `Authorization: Bearer` or `X-API-Key`.

The desk's session cookie is accepted for reads only (the desk links to the export): a
browser attaches cookies to cross-site requests too, so no change rides on the cookie alone.
"""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from service.auth.cache import VerifiedKeys
from service.auth.errors import Forbidden, Unauthorized
from service.auth.guard import AuthGuard, GuardDep, client_address
from service.auth.keys import Role, find_key, hash_key, mark_used
from service.auth.principal import Principal
from service.auth.sessions import SESSION_COOKIE, live_session
from service.auth.throttle import AuthThrottle
from service.http.deps import DatabaseDep
from service.store import Database

_READS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_verified_keys(guard: GuardDep) -> VerifiedKeys:  # async: no thread hop
    return guard.verified_keys


VerifiedKeysDep = Annotated[VerifiedKeys, Depends(get_verified_keys)]


def presented_key(request: Request) -> str | None:
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("x-api-key") or None


def principal_for(db: Database, keys: VerifiedKeys, raw: str) -> Principal | None:
    """Who `raw` belongs to: from the verified-key cache, else from the store (then cached).
    `last_used_at` is written on a store lookup only, so at most once per cache lifetime."""
    digest = hash_key(raw)
    cached = keys.get(digest)
    if cached is not None:
        return cached
    with db.session() as session:
        row = find_key(session, raw)
        if row is None:
            return None
        mark_used(session, row.id)
        principal = Principal(row.id, row.name, row.role, "key")
    keys.remember(digest, principal)
    return principal


def authenticate_key(
    db: Database, keys: VerifiedKeys, throttle: AuthThrottle, client: str, raw: str
) -> Principal | None:
    """The key's principal; an unknown key counts against the client's failures."""
    throttle.check(client)
    principal = principal_for(db, keys, raw)
    if principal is None:
        throttle.failed(client)
    return principal


def cookie_session_principal(db: Database, guard: AuthGuard, cookie: str) -> Principal | None:
    session_id = guard.signer.unsign(cookie)
    if session_id is None:
        return None
    with db.session() as session:
        live = live_session(session, session_id)
        return None if live is None else live.principal


async def key_principal(
    request: Request, db: Database, guard: AuthGuard, keys: VerifiedKeys, raw: str
) -> Principal:
    """The principal of the key `raw` sent with `request`; 401 (counted) if it is unknown."""
    # A key the store confirmed moments ago is no guess: it skips the throttle and the
    # thread hop (the queue listing spends as long on those as on its own query).
    principal = keys.get(hash_key(raw)) or await run_in_threadpool(
        authenticate_key, db, keys, guard.throttle, client_address(request), raw
    )
    if principal is None:
        raise Unauthorized("unknown or revoked API key; check it or ask an admin for one")
    return principal


async def _principal(
    request: Request, db: Database, guard: AuthGuard, keys: VerifiedKeys
) -> Principal:
    raw = presented_key(request)
    if raw is not None:
        return await key_principal(request, db, guard, keys, raw)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is None:
        raise Unauthorized(
            "no API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>` "
            "(create one with `deskcheck keys create`)"
        )
    if request.method not in _READS:
        raise Unauthorized(
            "the desk's session cookie does not authorize changes through the API; send the "
            "key as `Authorization: Bearer <key>` or `X-API-Key: <key>`, or use the desk's forms"
        )
    principal = await run_in_threadpool(cookie_session_principal, db, guard, cookie)
    if principal is None:
        raise Unauthorized("the desk session has ended; log in again or send an API key")
    return principal


async def principal_with_role(
    request: Request, db: Database, guard: AuthGuard, keys: VerifiedKeys, role: Role
) -> Principal:
    """Who is calling (401 if no one known), if their role covers `role` (else 403)."""
    principal = await _principal(request, db, guard, keys)
    if not principal.can(role):
        raise Forbidden(f"this needs the {role} role; {principal.described} is a {principal.role}")
    return principal


async def optional_principal(
    request: Request, db: DatabaseDep, guard: GuardDep, keys: VerifiedKeysDep
) -> Principal | None:
    """Who is calling, when a key or a desk session says so; None for an anonymous caller or an
    unknown key (counted as a failure all the same). For operations open to all that show a
    signed-in caller more."""
    try:
        return await _principal(request, db, guard, keys)
    except Unauthorized:
        return None


MaybePrincipalDep = Annotated[Principal | None, Depends(optional_principal)]


def require(role: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    async def dependency(
        request: Request, db: DatabaseDep, guard: GuardDep, keys: VerifiedKeysDep
    ) -> Principal:
        return await principal_with_role(request, db, guard, keys, role)

    return dependency


SubmitterDep = Annotated[Principal, Depends(require("submitter"))]
EditorDep = Annotated[Principal, Depends(require("editor"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
