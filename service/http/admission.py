"""Admission at the door: an analysis over capacity is refused before anything reads it.

Refused after its body was read and validated and after every middleware had seen it, a shed
request cost the serving process nearly what a served one did; clients that ignore Retry-After
then spent its event loop on refusals (measured: answered requests fell from 51/s at
concurrency 16 to 10.9/s at 64, `/healthz` p99 116 ms). So this layer sits outside everything
else: a POST to an analysis path takes one of the evidence pool's places
(`service.pipeline.pool`) from its headers alone, and without one is answered 503
`evidence_busy` with Retry-After there and then, in the API's `{"error", "detail"}` shape, with
the security headers and the request id every response carries. Its body is never read:
uvicorn discards what arrives of it once the answer is complete and keeps the connection for
the next request; a client that announced `Expect: 100-continue` has not sent it and is not
asked to, so that connection is closed instead.

Cheap is not enough against clients that ignore Retry-After: the cheaper the refusal, the
faster they ask again, and the serving process spends the same CPU saying no more often
(measured: 2,270 refusals a second, the evidence workers starved of CPU). So Retry-After is
kept for them: a connection refused less than its Retry-After ago waits out the rest before it
is considered again, a sleeping task that costs nothing, and is admitted if a place is free by
then. A client that waits as told is never held. Behind a proxy, the connection is the
proxy's: the request held is whichever came next on it, during an overload that would most
likely have refused it anyway.

A refusal is counted in the request metrics like any other answer (route, method, 503); the
access log gets one line per `SHED_LOG_EVERY_S` with the count instead of one line per refusal.
"""

import asyncio
import json
import logging
import time
import uuid
from collections import deque
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from service.http.headers import headers_for
from service.observability.metrics import observe_request
from service.observability.request_id import HEADER as REQUEST_ID
from service.observability.request_id import is_sane
from service.pipeline.pool import EvidenceWorkers, Place, hold_at_door, installed, leave_door

log = logging.getLogger(__name__)

SHED_LOG_EVERY_S = 10.0

Raw = list[tuple[bytes, bytes]]
Connection = tuple[str, int]


class Admission:
    """Pure ASGI, outermost: POSTs to `paths` run only in a place of the evidence pool."""

    def __init__(self, app: ASGIApp, paths: Iterable[str]) -> None:
        self.app = app
        self.paths = frozenset(paths)
        # The headers of a refusal, bar its length and id, computed once per path.
        self._headers = {path: _static_headers(path) for path in self.paths}
        self._shed_log = _ShedLog()
        self._held = _RetryAfterKept()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        workers = installed()
        if (
            workers is None
            or scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] not in self.paths
        ):
            await self.app(scope, receive, send)
            return
        place = workers.try_take_place()
        if place is None:
            started = time.perf_counter()
            place = await self._after_retry_after(scope, workers)
            if place is None:
                await self._refuse(scope, send, workers)
                observe_request(scope["path"], "POST", 503, time.perf_counter() - started)
                return
        token = hold_at_door(place)
        try:
            await self.app(scope, receive, send)
        finally:
            place.give_back()
            leave_door(token)

    async def _after_retry_after(self, scope: Scope, workers: EvidenceWorkers) -> Place | None:
        """A place after the rest of the connection's last Retry-After, if it has one running."""
        wait_s = self._held.remaining_s(_connection(scope))
        if not wait_s:
            return None
        await asyncio.sleep(wait_s)
        return workers.try_take_place()

    async def _refuse(self, scope: Scope, send: Send, workers: EvidenceWorkers) -> None:
        busy = workers.busy()
        self._held.refused(_connection(scope), busy.retry_after_s or 1)
        body = json.dumps({"error": busy.kind, "detail": busy.detail}).encode()
        headers = Headers(scope=scope)
        extra: Raw = [
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(busy.retry_after_s).encode()),
            (REQUEST_ID.lower().encode(), _request_id(headers.get(REQUEST_ID)).encode()),
        ]
        if headers.get("expect", "").lower() == "100-continue":
            extra.append((b"connection", b"close"))
        await send(
            {
                "type": "http.response.start",
                "status": int(busy.status),
                "headers": self._headers[scope["path"]] + extra,
            }
        )
        await send({"type": "http.response.body", "body": body})
        self._shed_log.count(workers)


def _static_headers(path: str) -> Raw:
    security = headers_for(path, nonce="")  # an API path's policy has no nonce in it
    return [(b"content-type", b"application/json")] + [
        (name.encode(), value.encode()) for name, value in security.items()
    ]


def _connection(scope: Scope) -> Connection | None:
    """The peer's address and port (a Unix socket's peer has none)."""
    client = scope.get("client")
    return (client[0], client[1]) if client else None


def _request_id(sent: str | None) -> str:
    """The caller's id when sane, else a fresh one, as `service.observability.request_id`."""
    return sent if sent is not None and is_sane(sent) else uuid.uuid4().hex


class _ShedLog:
    """One warning per `SHED_LOG_EVERY_S` at most, with how many were refused since the last."""

    def __init__(self) -> None:
        self.refused = 0
        self.last = -SHED_LOG_EVERY_S

    def count(self, workers: EvidenceWorkers) -> None:
        self.refused += 1
        now = time.monotonic()
        if now - self.last < SHED_LOG_EVERY_S:
            return
        log.warning(
            "refused %d analysis requests at the door since the last such line: %d places "
            "taken (DESKCHECK_EVIDENCE_MAX_PENDING=%d)",
            self.refused,
            workers.pending,
            workers.max_pending,
        )
        self.refused, self.last = 0, now


class _RetryAfterKept:
    """When each recently refused connection (uvicorn's client address and port) may ask again.

    Entries expire with their Retry-After: the table holds only the connections refused within
    the last Retry-After, those past it dropped at the next refusal."""

    def __init__(self) -> None:
        self.until: dict[Connection, float] = {}
        self.expiring: deque[tuple[float, Connection]] = deque()

    def remaining_s(self, client: Connection | None) -> float:
        now = time.monotonic()
        self._forget_until(now)
        if client is None:
            return 0.0
        return max(0.0, self.until.get(client, now) - now)

    def refused(self, client: Connection | None, retry_after_s: int) -> None:
        if client is None:  # a Unix socket's peer has no address to keep it for
            return
        until = time.monotonic() + retry_after_s
        self.until[client] = until
        self.expiring.append((until, client))

    def _forget_until(self, now: float) -> None:
        while self.expiring and self.expiring[0][0] <= now:
            until, client = self.expiring.popleft()
            if self.until.get(client) == until:
                del self.until[client]
