"""Who is calling: a key from `Authorization: Bearer`, `X-API-Key` or the web session cookie."""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from service.auth.cache import VerifiedKeys
from service.auth.errors import Forbidden, Unauthorized
from service.auth.keys import Role, find_key, hash_key, role_covers
from service.deps import DatabaseDep, get_services
from service.store import Database

SESSION_COOKIE = "deskcheck_key"


async def get_verified_keys(request: Request) -> VerifiedKeys:  # async: no thread hop
    return get_services(request).verified_keys


VerifiedKeysDep = Annotated[VerifiedKeys, Depends(get_verified_keys)]


@dataclass(frozen=True)
class Principal:
    key_id: int
    name: str
    role: str

    def can(self, role: Role) -> bool:
        return role_covers(self.role, role)


def presented_key(request: Request) -> str | None:
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("x-api-key") or request.cookies.get(SESSION_COOKIE) or None


def principal_for(db: Database, keys: VerifiedKeys, raw: str) -> Principal | None:
    """Who `raw` belongs to: from the verified-key cache, else from the store (then cached)."""
    digest = hash_key(raw)
    cached = keys.get(digest)
    if cached is not None:
        return cached
    with db.session() as session:
        row = find_key(session, raw)
        principal = None if row is None else Principal(row.id, row.name, row.role)
    if principal is not None:
        keys.remember(digest, principal)
    return principal


async def authenticate(db: Database, keys: VerifiedKeys, raw: str) -> Principal | None:
    """principal_for without leaving the event loop when the key is cached (the common case)."""
    return keys.get(hash_key(raw)) or await run_in_threadpool(principal_for, db, keys, raw)


def require(
    role: Role,
) -> Callable[[Request, Database, VerifiedKeys], Coroutine[Any, Any, Principal]]:
    async def dependency(request: Request, db: DatabaseDep, keys: VerifiedKeysDep) -> Principal:
        raw = presented_key(request)
        if raw is None:
            raise Unauthorized(
                "no API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>` "
                "(create one with `deskcheck keys create`)"
            )
        principal = await authenticate(db, keys, raw)
        if principal is None:
            raise Unauthorized("unknown or revoked API key; check it or ask an admin for one")
        if not principal.can(role):
            raise Forbidden(
                f"this needs the {role} role; the key '{principal.name}' is a {principal.role}"
            )
        return principal

    return dependency


SubmitterDep = Annotated[Principal, Depends(require("submitter"))]
EditorDep = Annotated[Principal, Depends(require("editor"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
