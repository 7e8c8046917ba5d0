"""The values a model call takes and gives back: the rendered conversation, and what it cost."""

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

CHARS_PER_TOKEN = 4  # SmolLM2 measures 4.0-4.6 on news with sentence ids; a budget estimate


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


def _short_reason(error: Exception) -> str:
    """What was wrong with an answer, without pydantic's input dump and documentation links."""
    if isinstance(error, ValidationError):
        return "; ".join(str(e["msg"]) for e in error.errors())[:500]
    return str(error).splitlines()[0][:500]


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
        return (len(self.system) + len(self.user)) // CHARS_PER_TOKEN

    def as_openai(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]
