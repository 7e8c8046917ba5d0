"""One typed call through instructor: how JSON is asked for, and how a refused answer is re-asked.

instructor re-asks only when the answer fails validation, for a bounded number of attempts; a
completion cut off by `max_tokens` fails fast (instructor raises IncompleteOutputException
without re-asking). Transport faults are retried below it, in `transport.py`: the two retry
layers are never stacked blindly.
"""

import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import instructor
from instructor.core.hooks import Hooks
from pydantic import BaseModel

from service.config import Settings, StructuredMode
from service.llm.backend import Backend
from service.llm.budget import DailyLedger, check_budget, spend
from service.llm.errors import StructuredModeRejected, not_a_completion, translate_error
from service.llm.transport import ChatServer
from service.llm.values import CHARS_PER_TOKEN, CallStats, Messages

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
Sender = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class TypedCall(Generic[T]):
    """What one typed call asks, the type its answer must be, and where its cost is counted."""

    messages: Messages
    response_model: type[T]
    context: dict[str, Any]
    """Handed to the response model's validators (the article the answer must agree with)."""
    stats: CallStats


class StructuredCalls:
    """Typed calls to one backend, in a way of asking for JSON that the backend takes."""

    def __init__(self, settings: Settings, backend: Backend, ledger: DailyLedger) -> None:
        self.settings = settings
        self.backend = backend
        self.ledger = ledger
        self.mode: StructuredMode = settings.structured_mode
        """How this backend is asked for JSON; moves down `_FALLBACK_MODE` if it refuses one."""

    async def create(self, server: ChatServer, call: TypedCall[T]) -> T:
        """The validated answer; a refused mode is replaced by the next one and asked again."""
        while True:
            mode = self.mode
            try:
                return await self._create_in_mode(server, mode, call)
            except Exception as exc:
                error = translate_error(exc, call.stats)
                if error is exc:
                    raise
                if not isinstance(error, StructuredModeRejected) or mode not in _FALLBACK_MODE:
                    raise error from exc
                self.mode = _FALLBACK_MODE[mode]
                log.warning(
                    "%s refused structured mode %s; using %s", call.stats.backend, mode, self.mode
                )

    async def _create_in_mode(
        self, server: ChatServer, mode: StructuredMode, call: TypedCall[T]
    ) -> T:
        hooks = Hooks()
        hooks.on("completion:response", call.stats.count)
        hooks.on("parse:error", call.stats.record_error)
        # instructor's typing does not model a patched async `create`; the result is checked
        # against `response_model` by instructor itself.
        create: Any = instructor.patch(create=self._sender(server, call.stats), mode=_MODES[mode])
        result: T = await create(
            model=self.backend.model or "default",
            messages=call.messages.as_openai(),
            response_model=call.response_model,
            max_retries=self.settings.llm_max_attempts - 1,
            context=call.context,
            hooks=hooks,
            max_tokens=self.settings.llm_max_tokens,
            temperature=self.settings.llm_temperature,
            **_format_kwargs(mode, call.response_model),
        )
        return result

    def _sender(self, server: ChatServer, stats: CallStats) -> Sender:
        """The raw completion call under instructor: re-asks sample differently, usage is billed.

        A greedy re-ask of the same conversation tends to repeat the refused answer; the re-ask
        already carries the validation error, and it also samples warmer with its own seed.
        """
        calls = 0

        async def send(**kwargs: Any) -> Any:
            nonlocal calls
            if calls > 0:
                kwargs = self._as_reask(kwargs, seed=calls)
            calls += 1
            try:
                completion = await server.complete(**kwargs)
            except json.JSONDecodeError as exc:
                # The body, not the model's answer, is broken: instructor must not re-ask.
                raise not_a_completion(stats.backend) from exc
            self._learn_model_name(completion, stats)
            usage = getattr(completion, "usage", None)
            spend(int(getattr(usage, "total_tokens", 0) or 0), self.ledger)
            return completion

        return send

    def _as_reask(self, kwargs: dict[str, Any], seed: int) -> dict[str, Any]:
        """A re-ask: compacted, warmer, seeded, and within the budget before it is sent."""
        kwargs["messages"] = _compact_reasks(kwargs["messages"])
        kwargs["temperature"] = max(kwargs["temperature"], self.settings.llm_reask_temperature)
        kwargs["seed"] = seed
        check_budget(_kwargs_tokens(kwargs), self.ledger)
        return kwargs

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
    return sum(len(str(m.get("content") or "")) for m in kwargs["messages"]) // CHARS_PER_TOKEN
