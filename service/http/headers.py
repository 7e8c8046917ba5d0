"""Security headers on every response, and the per-response nonce the desk's inline code uses.

The desk's CSP allows only scripts and styles carrying that nonce, so an article that slips
markup past escaping still cannot run code. /docs and /redoc (`service.http.docs`) run only
scripts carrying the nonce too, and load and fetch only from this origin; ReDoc's page also
needs inline styles and a `blob:` worker (see `_REDOC_POLICY`).
"""

import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_AUTHENTICATED = ("/desk", "/review")

_COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}
_DESK_POLICY = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
_SWAGGER_POLICY = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
# ReDoc (styled-components) writes <style> elements at run time that no nonce reaches, and
# starts its search index in a worker made from a blob: URL. A style cannot run code.
_REDOC_POLICY = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
_API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def headers_for(path: str, nonce: str) -> dict[str, str]:
    headers = dict(_COMMON)
    if path.startswith("/desk"):
        headers["content-security-policy"] = _DESK_POLICY.format(nonce=nonce)
    elif path.startswith("/docs"):
        headers["content-security-policy"] = _SWAGGER_POLICY.format(nonce=nonce)
    elif path.startswith("/redoc"):
        headers["content-security-policy"] = _REDOC_POLICY.format(nonce=nonce)
    else:
        headers["content-security-policy"] = _API_POLICY
    if path.startswith(_AUTHENTICATED):
        headers["cache-control"] = "no-store"
    return headers


class SecurityHeaders:
    """Pure ASGI, so streaming responses and disconnect handling pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        extra = headers_for(scope["path"], nonce)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name.encode(), value.encode())
                    for name, value in extra.items()
                    if name.encode() not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
