"""Which model backend serves this process, and whether it is ready."""

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Literal

import httpx

from service.config import Settings
from service.llm.embedded import EmbeddedServer

log = logging.getLogger(__name__)

BackendState = Literal["starting", "ready", "failed"]


@dataclass
class Backend:
    """The OpenAI-compatible endpoint every model call goes to."""

    name: Literal["embedded", "openai-compatible"]
    base_url: str | None
    model: str | None
    state: BackendState
    reason: str = ""
    embedded: EmbeddedServer | None = None
    _startup: asyncio.Task[None] | None = field(default=None, repr=False)

    async def probe(self) -> tuple[bool, str]:
        """Does the backend answer right now? Used by /readyz."""
        if self.state != "ready" or self.base_url is None:
            return False, self.reason or f"model backend is {self.state}"
        try:
            async with httpx.AsyncClient(timeout=3.0) as client:
                response = await client.get(f"{self.base_url}/models")
        except httpx.HTTPError as exc:
            return False, f"model backend at {self.base_url} does not answer: {exc!r}"
        if response.status_code >= 500:
            return False, f"model backend answered {response.status_code}"
        return True, "ok"


def configured_backend(settings: Settings) -> Backend:
    if settings.llm_base_url is not None:
        return Backend(
            "openai-compatible", settings.llm_base_url.rstrip("/"), settings.llm_model, "ready"
        )
    return Backend("embedded", None, None, "starting", reason="embedded model is starting")


async def start_backend(backend: Backend, settings: Settings) -> None:
    """Start the embedded model in the background; the API answers 503 until it is ready."""
    if backend.name != "embedded":
        if backend.model is None:
            backend._startup = asyncio.create_task(_discover_model(backend))
        return
    try:
        server = EmbeddedServer(settings)
        backend.embedded = server
        backend.model = settings.llm_model or server.model
        server.start()
    except Exception as exc:
        _fail(backend, exc)
        return
    backend._startup = asyncio.create_task(_await_ready(backend, server))


async def _await_ready(backend: Backend, server: EmbeddedServer) -> None:
    try:
        await server.wait_ready()
    except Exception as exc:
        _fail(backend, exc)
        server.stop()
        return
    backend.base_url = server.base_url
    backend.state = "ready"
    backend.reason = ""
    log.info("embedded model ready at %s", server.base_url)


async def _discover_model(backend: Backend) -> None:
    """A server configured without a model name (llama.cpp serves one): ask it which it serves.

    Best effort: if /models does not say, the first completion's `model` field will.
    """
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            listing = (await client.get(f"{backend.base_url}/models")).json()
        name = listing["data"][0]["id"]
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError):
        return
    if backend.model is None and isinstance(name, str) and name:
        backend.model = name
        log.info("model backend at %s serves %s", backend.base_url, name)


def _fail(backend: Backend, exc: Exception) -> None:
    backend.state = "failed"
    backend.reason = f"embedded model failed to start: {exc}"
    log.error(backend.reason)


async def stop_backend(backend: Backend) -> None:
    if backend._startup is not None and not backend._startup.done():
        backend._startup.cancel()
    if backend.embedded is not None:
        backend.embedded.stop()
