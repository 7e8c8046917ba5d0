"""Which model backend serves this process, and whether it is ready."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Literal

import httpx

from service.config import Settings
from service.llm.embedded import EmbeddedModelMissing, EmbeddedServer
from service.llm.orphans import stop_orphaned_servers
from service.llm.supervisor import Supervisor
from service.llm.tasks import analysis_plan, uses_main_model

log = logging.getLogger(__name__)

BackendState = Literal["off", "starting", "ready", "restarting", "failed"]
"""`off`: the embedded model is not started because no model task that runs would call it
(rules only; see `tasks.uses_main_model`); `restarting`: the embedded model died or went
silent and is being started again; `failed`: it cannot start at all (missing package or
file), which no restart mends."""


@dataclass
class CallLoad:
    """This process's model calls: in flight, and queued for a slot (see ModelClient)."""

    capacity: int = 1
    queue_limit: int = 8
    in_flight: int = 0
    waiting: int = 0

    @property
    def idle(self) -> bool:
        return self.in_flight == 0 and self.waiting == 0


@dataclass
class Backend:
    """The OpenAI-compatible endpoint every model call goes to, and its state."""

    name: Literal["embedded", "openai-compatible"]
    base_url: str | None
    model: str | None
    state: BackendState
    reason: str = ""
    retry_after_s: int = 10
    """What a caller turned away now should wait before asking again."""
    embedded: EmbeddedServer | None = None
    load: CallLoad = field(default_factory=CallLoad)
    supervisor: Supervisor | None = field(default=None, repr=False)
    _startup: asyncio.Task[None] | None = field(default=None, repr=False)

    def mark_ready(self, base_url: str) -> None:
        self.base_url = base_url
        self.state = "ready"
        self.reason = ""

    def mark_restarting(self, reason: str, retry_after_s: int) -> None:
        self.state = "restarting"
        self.reason = reason
        self.retry_after_s = retry_after_s

    def mark_failed(self, reason: str) -> None:
        self.state = "failed"
        self.reason = reason
        log.error(reason)

    async def before_call(self) -> None:
        """An embedded child nobody has asked for a while is checked before it is called."""
        if self.supervisor is not None:
            await self.supervisor.before_call()


def configured_backend(settings: Settings) -> Backend:
    load = CallLoad(capacity=settings.llm_concurrency, queue_limit=settings.llm_max_waiting)
    if settings.llm_base_url is not None:
        base_url = settings.llm_base_url.rstrip("/")
        return Backend("openai-compatible", base_url, settings.llm_model, "ready", load=load)
    if not uses_main_model(settings, "embedded"):
        # Nothing would call it: no process, no memory, no checks. A setting that turns a task
        # on (DESKCHECK_TASK_*) takes effect at the next start.
        reason = f"the embedded model is not started: {analysis_plan(settings, 'embedded').detail}"
        return Backend("embedded", None, None, "off", reason=reason, load=load)
    return Backend(
        "embedded", None, None, "starting", reason="embedded model is starting", load=load
    )


async def start_backend(backend: Backend, settings: Settings) -> None:
    """Start the embedded model under supervision (unless no task needs it: `off`); model
    calls get 503 until it is ready."""
    if backend.name != "embedded":
        if backend.model is None:
            backend._startup = asyncio.create_task(_discover_model(backend))
        return
    # Off the event loop: stopping an orphan may take its grace period. Even when no model is
    # to start: an older deskcheck's orphan would hold its memory for nothing.
    await asyncio.to_thread(stop_orphaned_servers, settings)
    if backend.state == "off":
        return
    try:
        server = EmbeddedServer(settings)
    except EmbeddedModelMissing as exc:
        backend.mark_failed(f"embedded model cannot start: {exc}")
        return
    backend.embedded = server
    backend.model = settings.llm_model or server.model
    backend.supervisor = Supervisor(backend, server, settings)
    backend._startup = asyncio.create_task(backend.supervisor.run())


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


async def stop_backend(backend: Backend) -> None:
    if backend._startup is not None and not backend._startup.done():
        backend._startup.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await backend._startup
    if backend.embedded is not None:
        backend.embedded.stop()
