"""A tiny OpenAI-lookalike server on loopback, for failure paths a real model rarely shows.

Replies are fixed (`Reply`, in order), or computed from each request by a `responder`: the
attack bench (bench/attack_bench.py) uses one to play a model that obeys what it reads.
"""

import json
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay_s: float = 0.0


def completion(content: str, finish_reason: str = "stop") -> Reply:
    payload = {
        "id": "fake-1",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }
    return Reply(body=json.dumps(payload).encode())


@dataclass
class FakeBackend:
    replies: list[Reply]
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    abandoned: int = 0
    """Requests whose client closed the connection before the (delayed) reply was sent."""
    responder: Callable[[dict[str, Any]], Reply] | None = None
    """Computes the reply to each request, in place of `replies`."""

    def next_reply(self) -> Reply:
        if self.responder is not None:
            return self.responder(self.requests[-1])
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (deadline tests) is expected; do not print a traceback."""


@contextmanager
def fake_backend(*replies: Reply) -> Iterator[FakeBackend]:
    state = FakeBackend(list(replies))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(json.loads(self.rfile.read(length) or b"{}"))
            reply = state.next_reply()
            if not self._client_stays(reply.delay_s):
                state.abandoned += 1
                return
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def do_GET(self) -> None:
            """`GET /models`, the readiness probe, answers like any OpenAI-compatible server."""
            body = json.dumps({"object": "list", "data": [{"id": "fake", "object": "model"}]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def _client_stays(self, delay_s: float) -> bool:
            """Wait out the delay, watching for the client hanging up (a cancelled call)."""
            deadline = time.monotonic() + delay_s
            while (left := deadline - time.monotonic()) > 0:
                readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                    return False
            return True

        def log_message(self, *args: object) -> None:
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
