"""The model client: typed calls to whichever backend is configured, one client per process.

Around each call it keeps the process's order: one call at a time with a bounded queue, token
budgets per request and per day, validated answers remembered, metrics by task and outcome. How
a call is asked and re-asked is `structured.py`; how it reaches the server, `transport.py`; what
its failures become, `errors.py`.
"""

import asyncio
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, SecretStr

from service.config import Settings, StructuredMode
from service.errors import BackendUnavailable, DeskcheckError
from service.llm.backend import Backend
from service.llm.budget import DailyLedger, RequestBudget, check_budget, current_budget
from service.llm.errors import BackendBusy
from service.llm.structured import StructuredCalls, TypedCall
from service.llm.transport import ChatServer, chat_server
from service.llm.values import CallStats, Messages
from service.observability.metrics import observe_model_call

if TYPE_CHECKING:
    from service.store.responses import ResponseStore

T = TypeVar("T", bound=BaseModel)

# Operational settings: they change how a response is fetched, not what it says.
_NOT_IN_IDENTITY = frozenset(
    {
        "llm_timeout_s",
        "llm_transport_retries",
        "llm_concurrency",
        "llm_max_waiting",
        "llm_cache_entries",
        "llm_request_token_budget",
        "llm_daily_token_budget",
        "llm_structured_mode",
        "llm_base_url",  # the backend and its model name say who answers, wherever it listens
    }
)


class ModelClient:
    """Typed calls to whichever backend is configured; one per process."""

    def __init__(
        self, settings: Settings, backend: Backend, responses: "ResponseStore | None" = None
    ) -> None:
        self.settings = settings
        self.backend = backend
        self.responses = responses
        """Final responses by request (the store's response cache); None: nothing is kept."""
        self.ledger = DailyLedger(settings.llm_daily_token_budget, datetime.now(UTC).date())
        self._calls = StructuredCalls(settings, backend, self.ledger)
        self._server: ChatServer | None = None
        self._server_base_url: str | None = None
        # One call at a time per process: the embedded server computes one completion at a time
        # anyway, and a bounded queue turns overload into a fast 503 instead of a pile-up.
        # The counts live on the backend: /readyz reports them, and the embedded model's
        # supervisor checks the child only while no other call is in flight.
        self._slots = asyncio.Semaphore(settings.llm_concurrency)
        # Validated answers by prompt: a wire story often arrives twice, and the embedded model
        # takes tens of seconds per call. Only answers that passed validation are kept.
        self._answers: OrderedDict[str, tuple[BaseModel, CallStats]] = OrderedDict()

    @property
    def mode(self) -> StructuredMode:
        """How this backend is asked for JSON; it moves on when the backend refuses a mode."""
        return self._calls.mode

    def _connected(self) -> ChatServer:
        if self.backend.state != "ready" or self.backend.base_url is None:
            raise BackendUnavailable(
                f"{self.backend.reason or 'model backend is not ready'}; "
                'check GET /readyz, or use "mode": "fast" for the evidence layer alone',
                retry_after_s=self.backend.retry_after_s,
            )
        # A restarted embedded model may listen on another port.
        if self._server is None or self._server_base_url != self.backend.base_url:
            self._server_base_url = self.backend.base_url
            self._server = chat_server(
                self.backend.base_url, self.settings.llm_api_key.get_secret_value(), self.settings
            )
        return self._server

    @contextmanager
    def request_scope(self) -> Iterator[RequestBudget]:
        """One request's token budget; nested scopes (e.g. /analyze) share the outer one."""
        outer = current_budget.get()
        if outer is not None:
            yield outer
            return
        # Model work stops at 80% of the deadline, so a long article read in parts answers with
        # the parts done (and a warning) instead of a 504 with nothing.
        stop_at = asyncio.get_running_loop().time() + 0.8 * self.settings.request_deadline_s
        budget = RequestBudget(self.settings.llm_request_token_budget, stop_at=stop_at)
        token = current_budget.set(budget)
        try:
            yield budget
        finally:
            current_budget.reset(token)

    def identity(self) -> dict[str, object]:
        """What decides this client's answers besides the prompt: part of the response cache key."""
        fixed = {
            name: value
            for name, value in self.settings.model_dump().items()
            if name.startswith(("llm_", "checker_", "task_", "embedded_model"))
            and name not in _NOT_IN_IDENTITY
            and not isinstance(value, SecretStr)
        }
        return fixed | {
            "backend": self.backend.name,
            "model": self.backend.model,
            "mode": self.mode,
        }

    def unspent(self) -> CallStats:
        """The stats of a call that was never made (its budget ran out first)."""
        return CallStats(self.backend.name, self.backend.model, "")

    @property
    def answer_tokens(self) -> int:
        """Room one conversation needs for answers: every attempt's answer stays in it."""
        return self.settings.llm_max_tokens * self.settings.llm_max_attempts

    @property
    def context_tokens(self) -> int | None:
        """The model's context window, when known: articles longer than it are sent in parts."""
        if self.settings.llm_context_tokens is not None:
            return self.settings.llm_context_tokens
        return self.settings.embedded_context if self.backend.name == "embedded" else None

    async def structured(
        self, messages: Messages, response_model: type[T], context: dict[str, Any]
    ) -> tuple[T, CallStats]:
        """The validated answer and what it cost; an answer already given is returned at once."""
        server = self._connected()
        check_budget(messages.estimated_tokens(), self.ledger)
        key = messages.cache_key(response_model, self.backend.model)
        remembered = self._recall(key, response_model)
        if remembered is not None:
            observe_model_call(messages.task, "cached", 0, 0)
            return remembered
        call = TypedCall(
            messages,
            response_model,
            context,
            CallStats(self.backend.name, self.backend.model, messages.prompt),
        )
        async with self._slot():
            await self.backend.before_call()
            started = time.perf_counter()
            try:
                result = await self._create_counted(server, call)
            except BackendUnavailable as exc:
                raise self._while_down(exc) from exc
            finally:
                call.stats.latency_ms = round((time.perf_counter() - started) * 1000)
        self._remember(key, result, call.stats)
        return result, call.stats

    @asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        """This process's turn at the model, or BackendBusy at once when the queue is full."""
        load = self.backend.load
        if load.waiting >= self.settings.llm_max_waiting:
            raise BackendBusy("the model backend is busy with other articles; retry shortly")
        load.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            load.waiting -= 1
        load.in_flight += 1
        try:
            yield
        finally:
            load.in_flight -= 1
            self._slots.release()

    def _while_down(self, error: BackendUnavailable) -> BackendUnavailable:
        """A call cut short because the backend went down: say so, and when to come back."""
        if self.backend.state == "ready":
            return error
        return BackendUnavailable(
            f"{self.backend.reason or error.detail}; retry after the restart",
            retry_after_s=self.backend.retry_after_s,
        )

    def _recall(self, key: str, response_model: type[T]) -> tuple[T, CallStats] | None:
        if key not in self._answers:
            return None
        self._answers.move_to_end(key)
        answer, first = self._answers[key]
        if not isinstance(answer, response_model):
            return None
        return answer.model_copy(deep=True), replace(first, cached=True, latency_ms=0)

    def _remember(self, key: str, answer: BaseModel, stats: CallStats) -> None:
        if self.settings.llm_cache_entries <= 0:
            return
        self._answers[key] = (answer.model_copy(deep=True), stats)
        while len(self._answers) > self.settings.llm_cache_entries:
            self._answers.popitem(last=False)

    async def _create_counted(self, server: ChatServer, call: TypedCall[T]) -> T:
        """The typed call, counted in the metrics: by task and outcome, with the tokens it used."""
        outcome = "cancelled"
        try:
            result = await self._calls.create(server, call)
            outcome = "ok"
            return result
        except DeskcheckError as exc:
            outcome = exc.kind
            raise
        except Exception:
            outcome = "error"
            raise
        finally:
            stats = call.stats
            observe_model_call(
                call.messages.task, outcome, stats.prompt_tokens, stats.completion_tokens
            )
