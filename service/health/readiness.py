"""What /readyz says: the model backend's true state, checked now, not only remembered."""

import asyncio
from dataclasses import dataclass
from typing import Literal

import httpx

from service.llm import Backend

ReadyState = Literal["off", "starting", "ready", "busy", "restarting", "down", "failed"]
"""`off`: the embedded model is not started because no model task runs on it (rules only): the
service is ready, full mode is the evidence layer; `busy`: answering, with every call slot in
use (new calls queue, or get 503 once the queue is full); `down`: remembered as ready, but it
does not answer now (a restart follows)."""

_PROBE_TIMEOUT_S = 3.0
_DOWN_RETRY_AFTER_S = 5


@dataclass(frozen=True)
class Readiness:
    state: ReadyState
    serves: bool
    """Would a model call be taken now (answered, or queued for a slot)?"""
    reason: str
    retry_after_s: int = 0


async def assess(backend: Backend) -> Readiness:
    if backend.state == "off":
        return Readiness("off", True, backend.reason)
    if backend.state != "ready" or backend.base_url is None:
        reason = backend.reason or f"model backend is {backend.state}"
        return Readiness(backend.state, False, reason, backend.retry_after_s)
    if backend.embedded is not None:
        status = backend.embedded.exit_status()
        if status is not None:
            reason = f"embedded model server {status}; it is being restarted"
            return Readiness("down", False, reason, _DOWN_RETRY_AFTER_S)
        if not backend.load.idle:
            # llama.cpp serves one request at a time: an HTTP probe would wait behind the
            # completion in progress, so only check that the server still listens.
            return await _busy_embedded(backend)
    answered, reason = await _answers(backend.base_url)
    if not answered:
        if backend.supervisor is not None:
            backend.supervisor.suspect()
        return Readiness("down", False, reason, _DOWN_RETRY_AFTER_S)
    if backend.load.in_flight >= backend.load.capacity:
        return _busy(backend)
    return Readiness("ready", True, "ok")


async def _busy_embedded(backend: Backend) -> Readiness:
    assert backend.embedded is not None
    if not await _listens("127.0.0.1", backend.embedded.port):
        reason = "embedded model server does not accept connections"
        return Readiness("down", False, reason, _DOWN_RETRY_AFTER_S)
    return _busy(backend)


def _busy(backend: Backend) -> Readiness:
    load = backend.load
    detail = f"{load.in_flight} model call(s) in flight, {load.waiting} waiting"
    if load.waiting >= load.queue_limit:
        return Readiness("busy", False, f"{detail}: the queue is full", _DOWN_RETRY_AFTER_S)
    return Readiness("busy", True, detail)


async def _answers(base_url: str) -> tuple[bool, str]:
    try:
        async with httpx.AsyncClient(timeout=_PROBE_TIMEOUT_S) as client:
            response = await client.get(f"{base_url}/models")
    except httpx.HTTPError as exc:
        # The reason names no address: /readyz shows where the backend is to admins only.
        return False, f"model backend does not answer: {type(exc).__name__}"
    if response.status_code >= 500:
        return False, f"model backend answered {response.status_code}"
    return True, "ok"


async def _listens(host: str, port: int) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), _PROBE_TIMEOUT_S)
    except (OSError, TimeoutError):
        return False
    writer.close()
    await writer.wait_closed()
    return True
