"""Keeps the embedded model running: a dead or silent child is reaped and restarted.

The loop: start the child, wait until it answers, then watch it. When it exits (reaped at once,
so it never lingers as a zombie) or stops answering while idle, the backend says `restarting`
with the reason, and after a bounded exponential backoff the child is started again, on the
same port, so the model client needs no new address. Requests in the meantime get 503 with
Retry-After; deskcheck itself never needs a restart.
"""

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.config import Settings
from service.llm.embedded import EmbeddedModelMissing, EmbeddedServer, EmbeddedServerExited

if TYPE_CHECKING:
    from service.llm.backend import Backend

log = logging.getLogger(__name__)

_POLL_S = 0.2
"""How often the child's exit is checked (and a dead one reaped)."""
_SILENT_PROBES = 3
"""Probes in a row left unanswered by an idle, living child before it is killed."""
_STABLE_S = 60.0
"""A child that served this long resets the backoff: its death is news, not a crash loop."""
_LOAD_ESTIMATE_S = 5
"""Added to the backoff in Retry-After: about what the model takes to load again."""


@dataclass
class Backoff:
    """Bounded exponential: first, 2×first, 4×first, ... never above `most`."""

    first_s: float
    most_s: float
    failures: int = 0

    def next_delay(self) -> float:
        delay: float = min(self.most_s, self.first_s * 2.0**self.failures)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


class Supervisor:
    def __init__(self, backend: "Backend", server: EmbeddedServer, settings: Settings) -> None:
        self.backend = backend
        self.server = server
        self.settings = settings
        self.backoff = Backoff(
            settings.embedded_restart_backoff_s, settings.embedded_restart_backoff_max_s
        )

    async def run(self) -> None:
        """Forever: (re)start, serve, notice the end. Cancelled when deskcheck stops."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                why = await self._start_once()
            except EmbeddedModelMissing as exc:
                self.backend.mark_failed(f"embedded model cannot start: {exc}")
                return
            if why is None:
                served_from = loop.time()
                why = await self._watch()
                self.server.kill()
                if loop.time() - served_from >= _STABLE_S:
                    self.backoff.reset()
            await self._wait_before_restart(why)

    async def _start_once(self) -> str | None:
        """Start the child and wait until it answers; None when it does, else why not."""
        try:
            self.server.start()
            await self.server.wait_ready()
        except (EmbeddedServerExited, TimeoutError, OSError) as exc:
            self.server.kill()
            # If the child could not bind, someone took the port in between: move.
            self.server.move_to_a_new_port()
            return str(exc)
        self.backend.mark_ready(self.server.base_url)
        log.info("embedded model ready at %s (pid %s)", self.server.base_url, self.server.pid)
        return None

    async def _watch(self) -> str:
        """Until the child exits or stops answering; returns why it is no longer served."""
        silent = 0
        loop = asyncio.get_running_loop()
        next_probe = loop.time() + self.settings.embedded_probe_interval_s
        while True:
            status = self.server.exit_status()
            if status is not None:
                return f"embedded model server {status}"
            if loop.time() >= next_probe:
                silent = silent + 1 if await self._idle_and_silent() else 0
                if silent >= _SILENT_PROBES:
                    return f"embedded model server stopped answering ({silent} probes)"
                next_probe = loop.time() + self.settings.embedded_probe_interval_s
            await asyncio.sleep(_POLL_S)

    async def _idle_and_silent(self) -> bool:
        """A probe counts only if no call was in flight: llama.cpp answers one at a time."""
        if not self.backend.load.idle:
            return False
        answered = await self.server.answers(
            timeout_s=min(5.0, self.settings.embedded_probe_interval_s)
        )
        return not answered and self.backend.load.idle

    async def _wait_before_restart(self, why: str) -> None:
        delay = self.backoff.next_delay()
        retry_after = round(delay) + _LOAD_ESTIMATE_S
        reason = f"{why}; restart {self.backoff.failures} in {delay:.1f}s"
        self.backend.mark_restarting(reason, retry_after_s=retry_after)
        log.warning("%s", reason)
        await asyncio.sleep(delay)
