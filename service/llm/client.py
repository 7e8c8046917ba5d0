"""The only code that talks to a model: typed calls through the openai SDK and instructor.

Two retry layers, never stacked blindly: `transport.py` retries transport failures
(connection errors, timeouts, 429 and 5xx, honouring Retry-After within the request's deadline);
instructor re-asks only when the answer fails validation, for a bounded number of attempts. A
completion cut off by `max_tokens` fails fast (instructor raises IncompleteOutputException
without re-asking).
"""

import asyncio
import hashlib
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import instructor
import openai

# The SDK imports its resource classes on first use (seconds on a busy machine, on the event
# loop inside the first request): import them with this module instead, at startup.
import openai.resources.chat
from instructor.core.exceptions import IncompleteOutputException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, SecretStr, ValidationError

from service.config import Settings, StructuredMode
from service.errors import BackendBadResponse, BackendUnavailable, DeskcheckError
from service.llm.backend import Backend
from service.llm.budget import DailyLedger, RequestBudget, check_budget, current_budget, spend
from service.llm.transport import upstream_retry_after, with_transport_retries
from service.observability.metrics import observe_model_call

if TYPE_CHECKING:
    from service.store.responses import ResponseStore

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

# instructor logs every re-ask at ERROR; for us a refused draft is routine and is reported in
# provenance and warnings instead.
logging.getLogger("instructor").setLevel(logging.CRITICAL)

_MODES = {
    "json_object_schema": instructor.Mode.JSON_SCHEMA,  # response_format overridden below
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
}
# When a server refuses a way of asking for JSON, the next one to try (remembered per process).
_FALLBACK_MODE: dict[StructuredMode, StructuredMode] = {
    "json_schema": "json_object_schema",
    "json_object_schema": "json",
    "tools": "json",
}
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
_CHARS_PER_TOKEN = 4  # SmolLM2 measures 4.0-4.6 on news with sentence ids; a budget estimate


@dataclass
class CallStats:
    """What one typed call cost, for `provenance`."""

    backend: str
    model: str | None
    prompt: str
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    cached: bool = False
    errors: list[str] = field(default_factory=list)
    last_answer: str | None = None
    """The raw text of the last answer, so a caller can salvage what passes its own checks."""

    @classmethod
    def combined(cls, parts: list["CallStats"]) -> "CallStats":
        """One article read in parts: what all its calls cost together."""
        return replace(
            parts[0],
            attempts=sum(p.attempts for p in parts),
            prompt_tokens=sum(p.prompt_tokens for p in parts),
            completion_tokens=sum(p.completion_tokens for p in parts),
            latency_ms=sum(p.latency_ms for p in parts),
            cached=all(p.cached for p in parts),
            errors=[e for p in parts for e in p.errors],
            last_answer=parts[-1].last_answer,
        )

    def record_error(self, error: Exception, **_: object) -> None:
        self.errors.append(_short_reason(error))

    def count(self, completion: Any) -> None:
        self.attempts += 1
        choices = getattr(completion, "choices", None) or []
        if choices and getattr(choices[0], "message", None) is not None:
            self.last_answer = choices[0].message.content
        usage = getattr(completion, "usage", None)
        if usage is not None:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)


@dataclass(frozen=True)
class Messages:
    """A rendered conversation and the template reference that produced it."""

    prompt: str
    system: str
    user: str
    marker: str = ""

    def cache_key(self, response_model: type[BaseModel], model: str | None) -> str:
        """Same article, wording, schema and model: same answer (temperature 0), any marker."""
        conversation = f"{self.system}\x00{self.user}"
        if self.marker:
            conversation = conversation.replace(self.marker, "")
        material = f"{model}\x00{response_model.__name__}\x00{conversation}"
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    @property
    def task(self) -> str:
        """The prompt's name without its version: what the call was for."""
        return self.prompt.partition("@")[0]

    def estimated_tokens(self) -> int:
        return (len(self.system) + len(self.user)) // _CHARS_PER_TOKEN

    def as_openai(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


class ModelClient:
    """Typed calls to whichever backend is configured; one per process."""

    def __init__(
        self, settings: Settings, backend: Backend, responses: "ResponseStore | None" = None
    ) -> None:
        self.settings = settings
        self.backend = backend
        self.responses = responses
        """Final responses by request (the store's response cache); None: nothing is kept."""
        self.mode: StructuredMode = settings.structured_mode
        """How this backend is asked for JSON; moves down `_FALLBACK_MODE` if it refuses one."""
        self.ledger = DailyLedger(settings.llm_daily_token_budget, datetime.now(UTC).date())
        self._openai: openai.AsyncOpenAI | None = None
        # One call at a time per process: the embedded server computes one completion at a time
        # anyway, and a bounded queue turns overload into a fast 503 instead of a pile-up.
        # The counts live on the backend: /readyz reports them, and the embedded model's
        # supervisor probes the child only while no call is in flight.
        self._slots = asyncio.Semaphore(settings.llm_concurrency)
        self._openai_base_url: str | None = None
        # Validated answers by prompt: a wire story often arrives twice, and the embedded model
        # takes tens of seconds per call. Only answers that passed validation are kept.
        self._answers: OrderedDict[str, tuple[BaseModel, CallStats]] = OrderedDict()

    def _client(self) -> openai.AsyncOpenAI:
        if self.backend.state != "ready" or self.backend.base_url is None:
            raise BackendUnavailable(
                f"{self.backend.reason or 'model backend is not ready'}; "
                'check GET /readyz, or use "mode": "fast" for the evidence layer alone',
                retry_after_s=self.backend.retry_after_s,
            )
        # A restarted embedded model may listen on another port.
        if self._openai is None or self._openai_base_url != self.backend.base_url:
            self._openai_base_url = self.backend.base_url
            self._openai = openai.AsyncOpenAI(
                base_url=self.backend.base_url,
                api_key=self.settings.llm_api_key.get_secret_value(),
                timeout=openai.Timeout(self.settings.llm_timeout_s, connect=5.0),
                max_retries=0,  # transport.py retries, keeping the upstream's Retry-After
                _strict_response_validation=True,
            )
        return self._openai

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
        client = self._client()
        check_budget(messages.estimated_tokens(), self.ledger)
        key = messages.cache_key(response_model, self.backend.model)
        remembered = self._recall(key, response_model)
        if remembered is not None:
            observe_model_call(messages.task, "cached", 0, 0)
            return remembered
        stats = CallStats(self.backend.name, self.backend.model, messages.prompt)
        load = self.backend.load
        if load.waiting >= self.settings.llm_max_waiting:
            raise BackendBusy("the model backend is busy with other articles; retry shortly")
        load.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            load.waiting -= 1
        load.in_flight += 1
        started = time.perf_counter()
        try:
            result = await self._create_counted(client, messages, response_model, context, stats)
        except BackendUnavailable as exc:
            raise self._while_down(exc) from exc
        finally:
            stats.latency_ms = round((time.perf_counter() - started) * 1000)
            load.in_flight -= 1
            self._slots.release()
        self._remember(key, result, stats)
        return result, stats

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

    async def _create_counted(
        self,
        client: openai.AsyncOpenAI,
        messages: Messages,
        response_model: type[T],
        context: dict[str, Any],
        stats: CallStats,
    ) -> T:
        """`_create`, counted in the metrics: by task and outcome, with the tokens it used."""
        outcome = "cancelled"
        try:
            result = await self._create(client, messages, response_model, context, stats)
            outcome = "ok"
            return result
        except DeskcheckError as exc:
            outcome = exc.kind
            raise
        except Exception:
            outcome = "error"
            raise
        finally:
            observe_model_call(messages.task, outcome, stats.prompt_tokens, stats.completion_tokens)

    async def _create(
        self,
        client: openai.AsyncOpenAI,
        messages: Messages,
        response_model: type[T],
        context: dict[str, Any],
        stats: CallStats,
    ) -> T:
        while True:
            mode = self.mode
            try:
                return await self._create_in_mode(
                    client, mode, messages, response_model, context, stats
                )
            except Exception as exc:
                error = translate_error(exc, stats)
                if error is exc:
                    raise
                if not isinstance(error, StructuredModeRejected) or mode not in _FALLBACK_MODE:
                    raise error from exc
                self.mode = _FALLBACK_MODE[mode]
                log.warning(
                    "%s refused structured mode %s; using %s", stats.backend, mode, self.mode
                )

    async def _create_in_mode(
        self,
        client: openai.AsyncOpenAI,
        mode: StructuredMode,
        messages: Messages,
        response_model: type[T],
        context: dict[str, Any],
        stats: CallStats,
    ) -> T:
        hooks = Hooks()
        hooks.on("completion:response", stats.count)
        hooks.on("parse:error", stats.record_error)
        # instructor's typing does not model a patched async `create`; the result is checked
        # against `response_model` by instructor itself.
        create: Any = instructor.patch(create=self._sender(client, stats), mode=_MODES[mode])
        result: T = await create(
            model=self.backend.model or "default",
            messages=messages.as_openai(),
            response_model=response_model,
            max_retries=self.settings.llm_max_attempts - 1,
            context=context,
            hooks=hooks,
            max_tokens=self.settings.llm_max_tokens,
            temperature=self.settings.llm_temperature,
            **_format_kwargs(mode, response_model),
        )
        return result

    def _sender(self, client: openai.AsyncOpenAI, stats: CallStats) -> Any:
        """The raw completion call under instructor: re-asks sample differently, usage is billed.

        A greedy re-ask of the same conversation tends to repeat the refused answer; the re-ask
        already carries the validation error, and it also samples warmer with its own seed.
        """
        calls = 0

        async def send(**kwargs: Any) -> Any:
            nonlocal calls
            if calls > 0:
                kwargs["messages"] = _compact_reasks(kwargs["messages"])
                kwargs["temperature"] = max(
                    kwargs["temperature"], self.settings.llm_reask_temperature
                )
                kwargs["seed"] = calls
                check_budget(_kwargs_tokens(kwargs), self.ledger)
            calls += 1
            try:
                completion = await with_transport_retries(
                    lambda: client.chat.completions.create(**kwargs),
                    self.settings.llm_transport_retries,
                    self.settings.request_deadline_s,
                )
            except json.JSONDecodeError as exc:
                # The body, not the model's answer, is broken: instructor must not re-ask.
                raise _not_a_completion(stats.backend) from exc
            self._learn_model_name(completion, stats)
            usage = getattr(completion, "usage", None)
            spend(int(getattr(usage, "total_tokens", 0) or 0), self.ledger)
            return completion

        return send

    def _learn_model_name(self, completion: Any, stats: CallStats) -> None:
        """A server configured without a model name still says which model answered."""
        name = getattr(completion, "model", None)
        if self.backend.model is None and isinstance(name, str) and name:
            self.backend.model = name
        if stats.model is None:
            stats.model = self.backend.model


def _format_kwargs(mode: StructuredMode, response_model: type[BaseModel]) -> dict[str, Any]:
    if mode != "json_object_schema":
        return {}
    # llama.cpp's server rejects {"type": "json_schema"} but turns a schema given with
    # {"type": "json_object"} into a grammar, so the reply always parses.
    schema = response_model.model_json_schema()
    return {"extra_body": {"response_format": {"type": "json_object", "schema": schema}}}


# pydantic's error text repeats the whole refused answer (already the previous message) and adds
# a documentation link: both cost prompt tokens on every re-ask and tell the model nothing.
_ECHOED_INPUT = re.compile(r", input_value=.*?, input_type=\w+(?=\])")
_DOCS_LINK = re.compile(r"\n\s*For further information visit \S+")


def _compact_reasks(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Re-ask messages without the echo of the answer; the same every attempt (stable prefix)."""
    compacted = []
    for index, message in enumerate(messages):
        content = message.get("content")
        if index >= 2 and message.get("role") == "user" and isinstance(content, str):
            content = _DOCS_LINK.sub("", _ECHOED_INPUT.sub("", content))
            message = {**message, "content": content}
        compacted.append(message)
    return compacted


def _kwargs_tokens(kwargs: dict[str, Any]) -> int:
    return sum(len(str(m.get("content") or "")) for m in kwargs["messages"]) // _CHARS_PER_TOKEN


class ModelOutputInvalid(BackendBadResponse):
    """Every attempt's answer failed validation. Services usually fall back rather than fail."""

    kind = "model_output_invalid"

    def __init__(self, detail: str, *, stats: CallStats) -> None:
        super().__init__(detail)
        self.stats = stats


class BackendBusy(BackendUnavailable):
    kind = "backend_busy"
    retry_after_s = 15


class BackendRateLimited(BackendUnavailable):
    """The upstream answered 429 (for this service's quota); passed on as 503 + Retry-After."""

    kind = "backend_rate_limited"


class StructuredModeRejected(BackendBadResponse):
    """The server refused how we asked for JSON (`response_format`); another mode may work."""

    kind = "structured_mode_rejected"


class ContextOverflow(BackendBadResponse):
    """The prompt does not fit the model's context; the caller may send the article in parts."""

    kind = "context_overflow"


def translate_error(exc: BaseException, stats: CallStats) -> DeskcheckError:
    """Map what the SDK or instructor raised to an error that says what to do.

    The upstream's status and Retry-After are kept; its own words are logged here, never sent
    to our client (they may name internal hosts, quotas or accounts).
    """
    if isinstance(exc, DeskcheckError):
        return exc
    cause = _root_cause(exc)
    where = stats.backend
    if isinstance(cause, IncompleteOutputException):
        return BackendBadResponse(
            f"the model's answer was cut off at max_tokens ({where}); raise "
            "DESKCHECK_LLM_MAX_TOKENS or use a stronger model"
        )
    if isinstance(cause, openai.APITimeoutError):
        return BackendUnavailable(f"the model backend ({where}) timed out; retry or check its load")
    if isinstance(cause, openai.APIConnectionError):
        return BackendUnavailable(
            f"cannot reach the model backend ({where}); check DESKCHECK_LLM_BASE_URL and /readyz"
        )
    if isinstance(cause, openai.AuthenticationError | openai.PermissionDeniedError):
        _log_upstream(cause, where)
        return BackendBadResponse("the model backend refused our key; check DESKCHECK_LLM_API_KEY")
    if isinstance(cause, openai.BadRequestError | openai.UnprocessableEntityError):
        refused = _refusal(cause)
        if refused is not None:
            return refused
    if isinstance(cause, openai.APIStatusError):
        return _upstream_status(cause, where)
    if isinstance(cause, openai.APIResponseValidationError):
        return _not_a_completion(where)
    if stats.errors:
        return ModelOutputInvalid(
            f"the model's answer failed validation on all {stats.attempts} attempts", stats=stats
        )
    log.warning("unusable answer from the model backend (%s): %r", where, cause)
    return BackendBadResponse(
        f"the model backend's ({where}) answer could not be used; the reason is logged on the "
        "server. Check that DESKCHECK_LLM_BASE_URL points at an OpenAI-compatible API"
    )


def _not_a_completion(where: str) -> BackendBadResponse:
    return BackendBadResponse(
        f"the model backend ({where}) answered with something that is not a chat "
        "completion; check that DESKCHECK_LLM_BASE_URL points at an OpenAI-compatible API"
    )


def _upstream_status(error: openai.APIStatusError, where: str) -> DeskcheckError:
    """An HTTP error that outlived the transport retries, as the status our client should see.

    An upstream 429 is our 503, not our 429: the quota exhausted is this service's, not the
    caller's, and every caller hits it alike (README, "Upstream failures").
    """
    _log_upstream(error, where)
    code, retry_after = error.status_code, upstream_retry_after(error)
    if code == 429:
        return BackendRateLimited(
            f"the model backend ({where}) is rate limiting this service; retry after the "
            "Retry-After seconds",
            retry_after_s=retry_after,
        )
    if code in (503, 504):
        return BackendUnavailable(
            f"the model backend ({where}) is unavailable (HTTP {code}); retry after the "
            "Retry-After seconds",
            retry_after_s=retry_after,
        )
    return BackendBadResponse(
        f"the model backend ({where}) failed with HTTP {code}; its error is logged on the "
        "server. Retry later, or check the backend"
    )


def _log_upstream(error: openai.APIStatusError, where: str) -> None:
    log.warning(
        "model backend (%s) answered HTTP %d: %s", where, error.status_code, error.message[:500]
    )


def _refusal(error: openai.APIStatusError) -> DeskcheckError | None:
    """A 400/422 that names the context window or the response format: both are recoverable."""
    said = f"{error.message} {error.body}".lower()
    if "context" in said and any(w in said for w in ("length", "window", "exceed")):
        _log_upstream(error, "context overflow")
        return ContextOverflow(
            "the prompt does not fit the model's context; set DESKCHECK_LLM_CONTEXT_TOKENS to "
            "the model's context size"
        )
    if "response_format" in said or "json_schema" in said:
        _log_upstream(error, "response_format refused")
        return StructuredModeRejected(
            "the model backend refused our response_format; set "
            "DESKCHECK_LLM_STRUCTURED_MODE to json_object_schema or json"
        )
    return None


def _short_reason(error: Exception) -> str:
    """What was wrong with an answer, without pydantic's input dump and documentation links."""
    if isinstance(error, ValidationError):
        return "; ".join(str(e["msg"]) for e in error.errors())[:500]
    return str(error).splitlines()[0][:500]


def _root_cause(exc: BaseException) -> BaseException:
    seen: set[int] = set()
    current: BaseException = exc
    while id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, openai.OpenAIError | IncompleteOutputException):
            return current
        nxt = current.__cause__ or current.__context__
        if nxt is None:
            return current
        current = nxt
    return current
