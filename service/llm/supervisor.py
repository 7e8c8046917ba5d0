"""Keeps the embedded model running: a dead or silent child is reaped and restarted.

The loop: start the child, wait until it answers, then watch it. When it exits (reaped at once,
so it never lingers as a zombie) or a check finds it silent, the backend says `restarting` with
the reason, and after a bounded exponential backoff the child is started again, on the same
port, so the model client needs no new address. Requests in the meantime get 503 with
Retry-After; deskcheck itself never needs a restart.

An idle child is never asked anything: watching it costs a `waitpid` every 0.2 s, no request.
It is checked when someone needs it: before a model call (when the last check is older than
DESKCHECK_EMBEDDED_PROBE_INTERVAL_S) and by /readyz. Three silent answers in a row and it is
killed and replaced, and the call that found it gets 503 instead of waiting out its timeout.
"""

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.embedded import EmbeddedModelMissing, EmbeddedServer, EmbeddedServerExited

if TYPE_CHECKING:
    from service.llm.backend import Backend

log = logging.getLogger(__name__)

_POLL_S = 0.2
"""How often the child's exit is checked (and a dead one reaped)."""
_SILENT_PROBES = 3
"""Checks in a row left unanswered by a living child before it is killed."""
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
        self._checked_at = float("-inf")
        """When the child last answered a check (the event loop's clock)."""
        self._silent: str | None = None
        """Set by a check that found the child silent: the watch ends with this reason."""
        self._rechecking: asyncio.Task[bool] | None = None

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
        self._checked_at = asyncio.get_running_loop().time()
        log.info("embedded model ready at %s (pid %s)", self.server.base_url, self.server.pid)
        return None

    async def _watch(self) -> str:
        """Until the child exits or a check finds it silent; returns why it is no longer served."""
        self._silent = None
        while True:
            status = self.server.exit_status()
            if status is not None:
                return f"embedded model server {status}"
            if self._silent is not None:
                return self._silent
            await asyncio.sleep(_POLL_S)

    async def answers_now(self) -> bool:
        """Does the child answer? Asked up to three times; all silent, it is replaced.

        Only while this process has at most one call in flight (the caller's own, about to
        start): llama.cpp answers one request at a time, so behind a completion any check waits.
        """
        timeout_s = min(5.0, self.settings.embedded_probe_interval_s)
        for _ in range(_SILENT_PROBES):
            if self.backend.load.in_flight > 1:
                return True
            if await self.server.answers(timeout_s=timeout_s):
                self._checked_at = asyncio.get_running_loop().time()
                return True
        self._silent = f"embedded model server stopped answering ({_SILENT_PROBES} checks)"
        return False

    def suspect(self) -> None:
        """Someone (/readyz) found the child silent once: confirm it in the background, so the
        one who asked gets its answer at once and a frozen child is still replaced."""
        if self._rechecking is None or self._rechecking.done():
            self._rechecking = asyncio.create_task(self.answers_now())

    async def before_call(self) -> None:
        """Checked before a model call when the last check is older than the probe interval:
        a child that froze while nobody used it is replaced, not waited on for minutes."""
        since = asyncio.get_running_loop().time() - self._checked_at
        if since < self.settings.embedded_probe_interval_s or self.backend.state != "ready":
            return
        if not await self.answers_now():
            raise BackendUnavailable(
                f"{self._silent}; it is being restarted",
                retry_after_s=round(self.settings.embedded_restart_backoff_s) + _LOAD_ESTIMATE_S,
            )

    async def _wait_before_restart(self, why: str) -> None:
        delay = self.backoff.next_delay()
        retry_after = round(delay) + _LOAD_ESTIMATE_S
        reason = f"{why}; restart {self.backoff.failures} in {delay:.1f}s"
        self.backend.mark_restarting(reason, retry_after_s=retry_after)
        log.warning("%s", reason)
        await asyncio.sleep(delay)
