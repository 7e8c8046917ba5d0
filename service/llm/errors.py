"""What can go wrong in a model call, as the service's errors: every SDK and instructor failure
is translated here, in one place, keeping the upstream's signal (its status and Retry-After).

The upstream's own words are logged here, never sent to our client: they may name internal
hosts, quotas or accounts.
"""

import logging

import openai
from instructor.core.exceptions import IncompleteOutputException

from service.errors import BackendBadResponse, BackendUnavailable, DeskcheckError
from service.llm.transport import upstream_retry_after
from service.llm.values import CallStats

log = logging.getLogger(__name__)


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
    """Map what the SDK or instructor raised to an error that says what to do."""
    if isinstance(exc, DeskcheckError):
        return exc
    cause = _root_cause(exc)
    return _from_sdk(cause, stats.backend) or _unusable_answer(cause, stats)


def not_a_completion(where: str) -> BackendBadResponse:
    return BackendBadResponse(
        f"the model backend ({where}) answered with something that is not a chat "
        "completion; check that DESKCHECK_LLM_BASE_URL points at an OpenAI-compatible API"
    )


def _from_sdk(cause: BaseException, where: str) -> DeskcheckError | None:
    """A cut-off answer, a transport fault or an HTTP error; None for anything else."""
    if isinstance(cause, IncompleteOutputException):
        return BackendBadResponse(
            f"the model's answer was cut off at max_tokens ({where}); raise "
            "DESKCHECK_LLM_MAX_TOKENS or use a stronger model"
        )
    if isinstance(cause, openai.APIConnectionError):
        return _unreachable(cause, where)
    if isinstance(cause, openai.APIStatusError):
        return _upstream_status(cause, where)
    if isinstance(cause, openai.APIResponseValidationError):
        return not_a_completion(where)
    return None


def _unreachable(error: openai.APIConnectionError, where: str) -> BackendUnavailable:
    if isinstance(error, openai.APITimeoutError):
        return BackendUnavailable(f"the model backend ({where}) timed out; retry or check its load")
    return BackendUnavailable(
        f"cannot reach the model backend ({where}); check DESKCHECK_LLM_BASE_URL and /readyz"
    )


def _upstream_status(error: openai.APIStatusError, where: str) -> DeskcheckError:
    """An HTTP error that outlived the transport retries: a refused key, a refusal we can
    recover from, or the status our client should see."""
    if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        _log_upstream(error, where)
        return BackendBadResponse("the model backend refused our key; check DESKCHECK_LLM_API_KEY")
    if isinstance(error, openai.BadRequestError | openai.UnprocessableEntityError):
        refused = _refusal(error)
        if refused is not None:
            return refused
    return _passed_on(error, where)


def _passed_on(error: openai.APIStatusError, where: str) -> DeskcheckError:
    """The upstream's status as ours, its Retry-After kept.

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


def _unusable_answer(cause: BaseException, stats: CallStats) -> DeskcheckError:
    """The call completed, but no answer could be used: failed validation, or worse."""
    if stats.errors:
        return ModelOutputInvalid(
            f"the model's answer failed validation on all {stats.attempts} attempts", stats=stats
        )
    log.warning("unusable answer from the model backend (%s): %r", stats.backend, cause)
    return BackendBadResponse(
        f"the model backend's ({stats.backend}) answer could not be used; the reason is logged "
        "on the server. Check that DESKCHECK_LLM_BASE_URL points at an OpenAI-compatible API"
    )


def _log_upstream(error: openai.APIStatusError, where: str) -> None:
    log.warning(
        "model backend (%s) answered HTTP %d: %s", where, error.status_code, error.message[:500]
    )


def _root_cause(exc: BaseException) -> BaseException:
    """The SDK's or instructor's own error under whatever wrapped it (instructor's retry error)."""
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
