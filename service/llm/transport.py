"""How model calls reach an OpenAI-compatible server: the one factory of openai clients, and
the transport retries around every call.

The openai SDK's own retries are switched off (`max_retries=0`) because they lose the
upstream's signal: a Retry-After above 60 s is ignored and the call repeated after a second or
so. Here, with tenacity:

- connection errors, timeouts, 408/409/429 and 5xx answers are retried, at most
  `DESKCHECK_LLM_TRANSPORT_RETRIES` times;
- the wait is the upstream's Retry-After (seconds or an HTTP date) when it sends one, else
  exponential backoff with jitter;
- a wait that would end after the request's model work must stop (80% of its deadline) is not
  waited: the call fails at once and the error keeps the Retry-After, so our client hears when
  to come back instead of holding a connection open for an hour.
"""

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import openai

# The SDK imports its resource classes on first use (seconds on a busy machine, on the event
# loop inside the first request): import them with this module instead, at startup.
import openai.resources.chat
from openai.types.chat import ChatCompletion
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_random_exponential

from service.config import Settings
from service.llm.budget import current_budget

T = TypeVar("T")
log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
RETRY_AFTER_CAP_S = 86_400
"""A Retry-After is passed on as given, up to a day: beyond that it is a misconfiguration."""

_BACKOFF = wait_random_exponential(multiplier=0.5, max=8)
_WORK_SHARE_OF_DEADLINE = 0.8  # as ModelClient.request_scope: model work stops at 80%
_CONNECT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ChatServer:
    """An OpenAI-compatible server as every model call reaches it: through our retries."""

    client: openai.AsyncOpenAI
    retries: int
    default_deadline_s: float

    async def complete(self, **request: Any) -> ChatCompletion:
        """One chat completion, retried on transient faults (`with_transport_retries`)."""
        completion: ChatCompletion = await with_transport_retries(
            lambda: self.client.chat.completions.create(**request),
            self.retries,
            self.default_deadline_s,
        )
        return completion

    async def close(self) -> None:
        await self.client.close()


def chat_server(base_url: str, api_key: str, settings: Settings) -> ChatServer:
    """The one place an openai client is built: the model's and the checker's alike."""
    client = openai.AsyncOpenAI(
        base_url=base_url,
        api_key=api_key,
        timeout=openai.Timeout(settings.llm_timeout_s, connect=_CONNECT_TIMEOUT_S),
        max_retries=0,  # with_transport_retries retries, keeping the upstream's Retry-After
        _strict_response_validation=True,
    )
    return ChatServer(client, settings.llm_transport_retries, settings.request_deadline_s)


def retry_after_s(headers: Mapping[str, str], now: datetime | None = None) -> int | None:
    """The upstream's Retry-After in whole seconds (rounded up, capped at a day), if it sent one.

    Accepts delay-seconds and HTTP dates (RFC 9110 10.2.3), and `retry-after-ms` as the openai
    SDK does. A date in the past means "now" (0); anything unparseable means no signal.
    """
    seconds = _seconds(headers.get("retry-after-ms"), scale=1000.0)
    if seconds is None:
        seconds = _seconds(headers.get("retry-after"), scale=1.0)
    if seconds is None:
        seconds = _seconds_until(headers.get("retry-after"), now or datetime.now(UTC))
    if seconds is None:
        return None
    return min(math.ceil(max(seconds, 0.0)), RETRY_AFTER_CAP_S)


def _seconds(value: str | None, scale: float) -> float | None:
    try:
        seconds = float(value) / scale if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and math.isfinite(seconds) else None


def _seconds_until(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - now).total_seconds()


def is_transient(error: BaseException) -> bool:
    """Worth another try: the network failed, or the upstream said "not now"."""
    if isinstance(error, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(error, openai.APIStatusError) and error.status_code in RETRYABLE_STATUSES


def upstream_retry_after(error: BaseException) -> int | None:
    if isinstance(error, openai.APIStatusError):
        # The SDK's headers are case-insensitive, as HTTP's are.
        return retry_after_s(error.response.headers)
    return None


async def with_transport_retries(
    call: Callable[[], Awaitable[T]], retries: int, default_deadline_s: float
) -> T:
    """`call()`, retried on transient faults within the request's time for model work."""
    stop_at = _stop_at(default_deadline_s)
    retrying = AsyncRetrying(
        retry=retry_if_exception(is_transient),
        wait=_wait,
        stop=lambda state: state.attempt_number > retries or _too_late(state, stop_at),
        before_sleep=_log_retry,
        reraise=True,
    )

    async def attempt() -> T:  # tenacity awaits only what it sees is a coroutine function
        return await call()

    return await retrying(attempt)


def _stop_at(default_deadline_s: float) -> float:
    budget = current_budget.get()
    if budget is not None and budget.stop_at is not None:
        return budget.stop_at
    return asyncio.get_running_loop().time() + _WORK_SHARE_OF_DEADLINE * default_deadline_s


def _wait(state: RetryCallState) -> float:
    error = state.outcome.exception() if state.outcome is not None else None
    asked = upstream_retry_after(error) if error is not None else None
    return float(asked) if asked is not None else _BACKOFF(state)


def _too_late(state: RetryCallState, stop_at: float) -> bool:
    """The wait would end after model work must stop: fail now, keeping the Retry-After."""
    return asyncio.get_running_loop().time() + state.upcoming_sleep > stop_at


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    log.warning(
        "model call failed (%s); retry %d in %.1fs",
        _describe(error),
        state.attempt_number,
        state.upcoming_sleep,
    )


def _describe(error: BaseException | None) -> str:
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code}"
    return type(error).__name__
