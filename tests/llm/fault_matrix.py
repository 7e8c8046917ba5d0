"""Upstream faults against full-mode /verify: what our client sees, and what the upstream saw.

Each fault is served by the fake OpenAI-compatible server on loopback (connection refused: a
port nobody listens on). `tests/llm/test_fault_matrix.py` pins the outcomes;
`python bench/fault_matrix.py` prints them as a table.
"""

import json
import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache

from fastapi.testclient import TestClient

from service.app import create_app
from service.evidence.warm import warm_evidence_layer
from tests.conftest import model_settings, seed_text
from tests.fake_backend import Reply, completion, fake_backend

ARTICLE = {"article": {"text": seed_text("001_100bbb814b795ab1.txt")}}
UPSTREAM_SECRET = "quota of org-7Qx9 exhausted at 10.20.30.40"
"""In every upstream error body: it must be logged, never echoed to our client."""

SETTINGS = {
    "llm_timeout_s": 0.5,  # the hang: each attempt gives up after half a second
    "request_deadline_s": 5.0,  # model work stops at 4 s: a longer Retry-After fails fast
    "task_flags": "on",
}


@dataclass(frozen=True)
class Fault:
    name: str
    replies: Callable[[], list[Reply]]
    """Built when the fault is served, so an HTTP-date Retry-After is relative to now."""


@dataclass(frozen=True)
class Outcome:
    status: int
    error: str | None
    retry_after: str | None
    upstream_calls: int
    """Requests the upstream received (0 when nothing listens)."""
    our_attempts: int
    """Calls we started: the first plus every transport retry logged."""
    echoed_upstream_text: bool


def _error(status: int, retry_after: str | None = None) -> list[Reply]:
    headers = {"Content-Type": "application/json"}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    body = json.dumps({"error": {"message": UPSTREAM_SECRET, "type": "server_error"}}).encode()
    return [Reply(status=status, body=body, headers=headers)]


def _in_two_hours() -> str:
    return format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)


def _hang() -> list[Reply]:
    reply = completion(json.dumps({"flags": []}))
    reply.delay_s = 2.0
    return [reply]


FAULTS = [
    Fault("500", lambda: _error(500)),
    Fault("502", lambda: _error(502)),
    Fault("503, no Retry-After", lambda: _error(503)),
    Fault("503, Retry-After: 1", lambda: _error(503, "1")),
    Fault("503, Retry-After: 3600", lambda: _error(503, "3600")),
    Fault("429, Retry-After: 3", lambda: _error(429, "3")),
    Fault("429, Retry-After: 3600", lambda: _error(429, "3600")),
    Fault("429, Retry-After: HTTP-date +2 h", lambda: _error(429, _in_two_hours())),
    Fault("429, Retry-After: 3 days", lambda: _error(429, str(3 * 86_400))),
    Fault("timeout (upstream hangs)", _hang),
    Fault("connection refused", lambda: []),
    Fault(
        "garbage body (HTML, 200)",
        lambda: [Reply(body=b"<html>proxy error</html>", headers={"Content-Type": "text/html"})],
    ),
    Fault("truncated JSON (200)", lambda: [Reply(body=b'{"id": "x", "choices": [{"mess')]),
    Fault("wrong schema (200)", lambda: [Reply(body=b'{"result": "ok", "choices": 3}')]),
]


def run_fault(fault: Fault) -> Outcome:
    _warm_up()
    with _upstream(fault) as (base_url, calls), _counting_retries() as retries:
        app = create_app(model_settings(base_url, **SETTINGS))
        with TestClient(app) as client:
            response = client.post("/verify", json=ARTICLE)
        body = response.json()
        return Outcome(
            status=response.status_code,
            error=body.get("error"),
            retry_after=response.headers.get("retry-after"),
            upstream_calls=calls(),
            our_attempts=1 + len(retries),
            echoed_upstream_text=UPSTREAM_SECRET in response.text,
        )


@cache
def _warm_up() -> None:
    """One good call first: loading lexicons and the SDKs must not eat a fault's short deadline."""
    warm_evidence_layer()
    with fake_backend(completion(json.dumps({"flags": []}))) as backend:
        app = create_app(model_settings(backend.base_url, **SETTINGS))
        with TestClient(app) as client:
            assert client.post("/verify", json=ARTICLE).status_code == 200


@contextmanager
def _upstream(fault: Fault) -> Iterator[tuple[str, Callable[[], int]]]:
    replies = fault.replies()
    if not replies:
        yield f"http://127.0.0.1:{_closed_port()}/v1", lambda: 0
        return
    with fake_backend(*replies) as backend:
        yield backend.base_url, lambda: len(backend.requests)


def _closed_port() -> int:
    """A loopback port that refuses connections (bound a moment ago, now closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _counting_retries() -> Iterator[list[logging.LogRecord]]:
    """The transport's "retry N in S s" log lines: one per retry it made."""
    logger = logging.getLogger("service.llm.transport")
    handler, level = _Records(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def table(outcomes: list[tuple[Fault, Outcome]]) -> str:
    rows = [
        "| upstream fault | our status | error | Retry-After | upstream calls | our attempts |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for fault, o in outcomes:
        rows.append(
            f"| {fault.name} | {o.status} | {o.error} | {o.retry_after or '-'} "
            f"| {o.upstream_calls} | {o.our_attempts} |"
        )
    return "\n".join(rows)
