"""One JSON log line and one metrics sample per HTTP request, measured once.

Pure ASGI and cheap (a clock read, a status captured from the response start, a label lookup
and one log record): it wraps the whole application, outside Starlette's error middleware, so
a 500 from an unexpected exception and a 413 from the body limit are counted and logged like
any other answer. The route is the matched template (`/review/items/{item_id}`), never the raw
path, so the metrics' label values stay few.
"""

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.observability.metrics import observe_request

access_log = logging.getLogger("deskcheck.access")

CLIENT_CLOSED = 499
"""The status recorded when the client went away before any answer (nginx's convention)."""
UNMATCHED = "unmatched"
"""The route label of a path no route serves (404s of every scanner's guess share it)."""


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = CLIENT_CLOSED

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        except Exception:
            if status == CLIENT_CLOSED:  # Starlette's error middleware answered 500 and re-raised
                status = 500
            raise
        finally:
            _record(scope, status, time.perf_counter() - started)


def _record(scope: Scope, status: int, seconds: float) -> None:
    route = route_template(scope)
    method: str = scope["method"]
    observe_request(route, method, status, seconds)
    if access_log.isEnabledFor(logging.INFO):
        client = scope.get("client")
        access_log.info(
            "%s %s %d",
            method,
            scope["path"],
            status,
            extra={
                "method": method,
                "route": route,
                "path": scope["path"],
                "status": status,
                "latency_ms": round(seconds * 1000, 2),
                "client": client[0] if client else None,
            },
        )


def route_template(scope: Scope) -> str:
    """The template of the route that served the request, as the router left it in the scope."""
    route: Any = scope.get("route")
    if route is not None:
        return str(route.path)
    if "app_root_path" in scope:  # a mount (the static files): its prefix, not the file's path
        return f"{scope['root_path']}/{{path}}"
    return UNMATCHED
