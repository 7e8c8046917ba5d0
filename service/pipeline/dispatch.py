"""One dispatch for /summarize, /verify and /analyze: fast on the evidence workers, full once.

Fast mode is the evidence layer alone, CPU work of milliseconds: it runs on the evidence
workers (pipeline/pool.py), off the event loop, and is never cached. Full mode asks the model:
it is answered from the response cache when this exact question was answered before (same
article, options and model), else computed from one reading of the article
(pipeline/reading.py) and kept.

A domain gives only what differs: its fast function, its full function, and the name its
responses are cached under (an `Endpoint`). /analyze hands `dispatch` its two halves itself:
it is not cached as a whole, its summary and its report are.
"""

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from schemas.common import ArticleIn, Method, Mode, Provenance, TaskRun
from schemas.summarize import SummarizeRequest, SummarizeResponse
from schemas.verify import VerifyRequest, VerifyResponse
from service.config import Settings
from service.llm import CallStats, ModelClient, new_marker
from service.pipeline.pool import evidence_work, give_back_door_place
from service.pipeline.provenance import provenance
from service.pipeline.reading import ArticleRead, Reading, fast_job, reading_of
from service.store.responses import response_key


class ArticleRequest(Protocol):
    """A question about one article, asked in fast or full mode."""

    @property
    def article(self) -> ArticleIn: ...

    @property
    def mode(self) -> Mode: ...


Q = TypeVar("Q", bound=ArticleRequest)
A = TypeVar("A")
Asked = TypeVar("Asked", SummarizeRequest, VerifyRequest)
Answer = TypeVar("Answer", SummarizeResponse, VerifyResponse)


async def dispatch(
    request: Q,
    settings: Settings,
    fast: Callable[[Q, ArticleRead], A],
    full: Callable[[], Awaitable[A]],
) -> A:
    """`fast` on the evidence workers in fast mode (module-level: the pool pickles it), else
    `full`."""
    if request.mode == "fast":
        return await evidence_work(fast_job, fast, request, settings)
    give_back_door_place()  # its wait is the model's, bounded by LLM_MAX_WAITING
    return await full()


@dataclass(frozen=True)
class FullRun:
    """What a domain's full mode works from: the article read once, the marker its block is
    sent under, and when the request started (its provenance's latency counts from there)."""

    read: ArticleRead
    settings: Settings
    model: ModelClient
    marker: str
    started: float

    def provenance(
        self, stats: CallStats | None, method: Method, tasks: list[TaskRun]
    ) -> Provenance:
        return provenance(stats, "full", method, self.started, tasks)


@dataclass(frozen=True)
class Endpoint(Generic[Asked, Answer]):
    """What differs between /summarize and /verify; the rest is `answer`."""

    name: str
    """The response cache's key part beside the article, the request's options and the model."""
    response: type[Answer]
    fast: Callable[[Asked, ArticleRead], Answer]
    full: Callable[[Asked, FullRun], Awaitable[Answer]]


async def answer(
    endpoint: Endpoint[Asked, Answer],
    request: Asked,
    settings: Settings,
    model: ModelClient,
    marker: str | None = None,
    reading: Reading | None = None,
) -> Answer:
    """The endpoint's response. Within one analysis (/analyze, a desk job), `marker` and
    `reading` are the ones its summary and report share."""

    async def full() -> Answer:
        return await _full(endpoint, request, settings, model, marker, reading)

    async def reused_or_full() -> Answer:
        return await _reused_or_computed(endpoint, request, model, full, settings.learnt_overlay)

    return await dispatch(request, settings, endpoint.fast, reused_or_full)


async def _full(
    endpoint: Endpoint[Asked, Answer],
    request: Asked,
    settings: Settings,
    model: ModelClient,
    marker: str | None,
    reading: Reading | None,
) -> Answer:
    started = time.perf_counter()
    read = await reading_of(request.article, settings, reading)
    # Standalone, the marker is the cleaned text's; an analysis passes the one both tasks send.
    marker = marker or new_marker(read.document.text)
    return await endpoint.full(request, FullRun(read, settings, model, marker, started))


async def _reused_or_computed(
    endpoint: Endpoint[Asked, Answer],
    request: Asked,
    model: ModelClient,
    compute: Callable[[], Awaitable[Answer]],
    overlay: str,
) -> Answer:
    """Full mode is paid for once per key: the article, the request's options, the model, and
    the newsroom's learnt overlay the evidence layer runs with (`overlay`)."""
    store = model.responses
    if store is None:
        return await compute()
    started = time.perf_counter()
    text = request.article.text
    options = request.model_dump(mode="json", exclude={"article": {"text"}})
    hit = store.get(
        response_key(endpoint.name, text, options, model.identity(), overlay), endpoint.response
    )
    if hit is not None:
        return _served_from_cache(hit, started)
    with model.request_scope() as budget:
        response = await compute()
    if not budget.exhausted:
        # Keyed after the call: a backend that did not name its model has named it by now.
        key = response_key(endpoint.name, text, options, model.identity(), overlay)
        store.put(key, endpoint.name, response)
    return response


def _served_from_cache(response: Answer, started: float) -> Answer:
    latency = round((time.perf_counter() - started) * 1000)
    provenance = response.provenance.model_copy(update={"cached": True, "latency_ms": latency})
    return response.model_copy(update={"id": uuid.uuid4().hex, "provenance": provenance})
