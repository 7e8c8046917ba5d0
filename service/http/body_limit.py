"""Request bodies are bounded while they arrive, chunked ones included.

A declared Content-Length over the bound is refused from the header, before the body is read
into anything. A body that crosses the bound mid-stream (chunked, or lying about its length)
stops reaching the application at the bound. Either way, the rest of the body is read and
thrown away, up to `drain_bytes`, before the 413 goes out: a client that sends its whole body
before reading (Python's urllib, many others) would otherwise see the connection reset under
it instead of the answer. Past `drain_bytes` the connection is simply closed.
"""

from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.errors import ErrorPages, error_response

DRAIN_BYTES = 64 * 1024 * 1024
"""How much of a refused body is read and discarded so that its sender sees the 413."""


class BodyLimit:
    """Pure ASGI middleware: at most `max_bytes` of any request body reach the application."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        drain_bytes: int = DRAIN_BYTES,
        pages: ErrorPages | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.drain_bytes = drain_bytes
        self.pages = pages
        """Where the refusal is a page for people (the desk's), not JSON."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = _declared_length(headers)
        if declared is not None and declared > self.max_bytes:
            # A client that asked `Expect: 100-continue` has not sent the body: nothing to drain.
            waiting = headers.get("expect", "").lower() == "100-continue"
            drained = 0 if waiting or declared > self.drain_bytes else declared
            await self._refuse(scope, receive, send, drain=drained)
            return
        counter = _CountingReceive(receive, self.max_bytes)
        await self.app(scope, counter.receive, _Muted(send, counter).send)
        if counter.overflowed:
            await self._refuse(scope, receive, send, drain=self.drain_bytes)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, drain: int) -> None:
        whole = await _discard(receive, drain) if drain else False
        response = self._refusal(Request(scope))
        if not whole:
            # Unread bytes are left on the connection: it cannot carry another request.
            response.headers["connection"] = "close"
        await response(scope, receive, send)

    def _refusal(self, request: Request) -> Response:
        if self.pages is not None and self.pages.serves(request):
            return self.pages.render(request, 413, None)
        return error_response(
            413,
            "request_too_large",
            f"the request body is larger than {self.max_bytes:,} bytes. Send the article's "
            "plain text as JSON, or raise DESKCHECK_MAX_ARTICLE_CHARS.",
        )


def _declared_length(headers: Headers) -> int | None:
    length = headers.get("content-length", "")
    return int(length) if length.isdigit() else None


async def _discard(receive: Receive, budget: int) -> bool:
    """Read and drop body messages until the body ends (True) or `budget` bytes pass (False)."""
    seen = 0
    while seen <= budget:
        message = await receive()
        if message["type"] != "http.request":
            return False
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
    return False


@dataclass
class _CountingReceive:
    """Counts body bytes as they arrive; at the bound, the application sees a disconnect."""

    inner: Receive
    max_bytes: int
    seen: int = 0
    overflowed: bool = False

    async def receive(self) -> Message:
        if self.overflowed:
            return {"type": "http.disconnect"}
        message = await self.inner()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.max_bytes:
                self.overflowed = True
                return {"type": "http.disconnect"}
        return message


@dataclass
class _Muted:
    """The application's own answer to a body it never got in full is replaced by the 413."""

    inner: Send
    counter: _CountingReceive

    async def send(self, message: Message) -> None:
        if not self.counter.overflowed:
            await self.inner(message)
