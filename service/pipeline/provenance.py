"""How a response says it was made: one builder for every endpoint."""

import time
from typing import TYPE_CHECKING

from schemas.common import Method, Mode, Provenance, TaskRun, Usage

if TYPE_CHECKING:  # the model layer (and the openai SDK) stays unloaded where none is asked
    from service.llm import CallStats


def provenance(
    stats: "CallStats | None",
    mode: Mode,
    method: Method,
    started: float,
    tasks: list[TaskRun] | None = None,
) -> Provenance:
    """`stats` is None when no model was asked (fast mode, or every task skipped)."""
    latency = round((time.perf_counter() - started) * 1000)
    if stats is None:
        return Provenance(
            backend="none", method=method, mode=mode, latency_ms=latency, tasks=tasks or []
        )
    return Provenance(
        backend=stats.backend,
        model=stats.model,
        prompt=stats.prompt,
        method=method,
        mode=mode,
        attempts=stats.attempts,
        usage=Usage(prompt_tokens=stats.prompt_tokens, completion_tokens=stats.completion_tokens),
        latency_ms=latency,
        cached=stats.cached,
        tasks=tasks or [],
    )
