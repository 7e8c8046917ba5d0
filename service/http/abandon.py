"""Abandoned work stops: a model-backed request whose client went away is cancelled.

Cancelling the request's task cancels the model call in flight (the HTTP connection to the
backend is closed) and every call it would have made after. A deadline does the same through
`within_deadline`; this covers the client that hangs up first.
"""

import asyncio
import logging
from contextlib import suppress

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


class CancelOnDisconnect:
    """Pure ASGI middleware for the endpoints that call a model."""

    def __init__(self, app: ASGIApp, paths: frozenset[str]) -> None:
        self.app = app
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return  # gone before it finished sending
        await _run_until_disconnect(self.app, scope, body, receive, send)


async def _read_body(receive: Receive) -> list[Message] | None:
    messages: list[Message] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        messages.append(message)
        if not message.get("more_body", False):
            return messages


async def _run_until_disconnect(
    app: ASGIApp, scope: Scope, body: list[Message], receive: Receive, send: Send
) -> None:
    replay = iter(body)
    gone = asyncio.Event()
    answered = False

    async def app_receive() -> Message:
        message = next(replay, None)
        if message is not None:
            return message
        await gone.wait()
        return {"type": "http.disconnect"}

    async def app_send(message: Message) -> None:
        nonlocal answered
        answered = answered or (
            message["type"] == "http.response.body" and not message.get("more_body", False)
        )
        await send(message)

    async def watch() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        gone.set()

    async def serve() -> None:
        await app(scope, app_receive, app_send)

    work = asyncio.create_task(serve())
    watcher = asyncio.create_task(watch())
    await asyncio.wait({work, watcher}, return_when=asyncio.FIRST_COMPLETED)
    if not work.done() and not answered:
        log.info("client left %s %s: cancelling its model calls", scope["method"], scope["path"])
        work.cancel()
        with suppress(asyncio.CancelledError):
            await work
        return
    watcher.cancel()
    with suppress(asyncio.CancelledError):
        await watcher
    await work
