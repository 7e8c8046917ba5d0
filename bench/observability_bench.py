"""What the request id, the JSON access line and the request metrics cost per request.

Calls an ASGI app directly (no server, no socket), so the figure is the layers' own CPU time:
a one-line app answering 200, alone and wrapped by `service.observability.observed` (the same
wrapping `service.app` puts around the whole application), with the access line written as
JSON to /dev/null (the formatter and the write included), and with the access log off (metrics
and request id only). Prints CPU microseconds per request for each, and the difference; each
figure is the best of --repeats runs of --requests requests.

Run: `python bench/observability_bench.py [--requests 20000] [--repeats 5]`.
"""

import argparse
import asyncio
import logging
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.observability import observed
from service.observability.logs import RequestIdFilter, json_formatter

_SCOPE: Scope = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "method": "GET",
    "scheme": "http",
    "path": "/review/items",
    "raw_path": b"/review/items",
    "query_string": b"",
    "root_path": "",
    "headers": [(b"host", b"127.0.0.1"), (b"x-request-id", b"bench-1")],
    "client": ("127.0.0.1", 50000),
    "server": ("127.0.0.1", 8000),
}


async def plain(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(_: Message) -> None:
    return None


async def _drive(app: ASGIApp, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        await app(dict(_SCOPE), _receive, _send)
    return time.process_time() - started


def cpu_us_per_request(app: ASGIApp, requests: int, repeats: int) -> float:
    return min(asyncio.run(_drive(app, requests)) for _ in range(repeats)) / requests * 1e6


def _access_log_to_devnull(enabled: bool) -> Callable[[], None]:
    handler = logging.FileHandler("/dev/null")
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    access = logging.getLogger("deskcheck.access")
    access.addHandler(handler)
    access.propagate = False
    access.setLevel(logging.INFO if enabled else logging.WARNING)

    def undo() -> None:
        access.removeHandler(handler)
        handler.close()

    return undo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    base = cpu_us_per_request(plain, args.requests, args.repeats)
    figures = {"bare app": base}
    for label, logging_on in (("+ id, metrics", False), ("+ id, metrics, JSON line", True)):
        undo = _access_log_to_devnull(logging_on)
        figures[label] = cpu_us_per_request(observed(plain), args.requests, args.repeats)
        undo()
    for label, cpu_us in figures.items():
        extra = "" if label == "bare app" else f"  (+{cpu_us - base:.1f} µs)"
        print(f"{label:28} {cpu_us:7.1f} µs CPU per request{extra}")


if __name__ == "__main__":
    main()
