"""The ways to present a key, as the OpenAPI document names them; `service.auth.deps` checks them.

Declaring them changes no request: the dependencies below return nothing and refuse nothing.
`service.http.openapi` finds the model endpoints' pair by its scheme names.
"""

from typing import Annotated

from fastapi import Depends
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from service.auth.sessions import SESSION_COOKIE

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`.")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")
_session = APIKeyCookie(
    name=SESSION_COOKIE, auto_error=False, description="The desk's session, set by /desk/login."
)


async def _declared_credentials(
    _bearer_key: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _header_key: Annotated[str | None, Depends(_api_key)],
    _cookie_key: Annotated[str | None, Depends(_session)],
) -> None:
    """Names the three ways to present a key, for the document; `service.auth` checks them."""


KEY_SCHEMES = Depends(_declared_credentials)
"""For a router whose every operation needs a key: `dependencies=[KEY_SCHEMES]`."""


async def _declared_model_key(
    _bearer_key: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _header_key: Annotated[str | None, Depends(_api_key)],
) -> None:
    """The model endpoints take a key as the API does (no cookie: they are POSTs); whether
    one is needed is a setting, so `install_openapi` marks it optional when it is not."""


MODEL_KEY_SCHEMES = Depends(_declared_model_key)
"""For the model endpoints: `service.auth.model_access` checks the key."""
