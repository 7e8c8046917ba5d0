"""Answer a model-backed request from the response cache, or compute it and keep it."""

import time
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from schemas.summarize import SummarizeRequest, SummarizeResponse
from schemas.verify import VerifyRequest, VerifyResponse
from service.llm import ModelClient
from service.store.responses import response_key

R = TypeVar("R", SummarizeResponse, VerifyResponse)


async def reuse_or_compute(
    endpoint: str,
    request: SummarizeRequest | VerifyRequest,
    model: ModelClient,
    response_type: type[R],
    compute: Callable[[], Awaitable[R]],
) -> R:
    """Fast mode costs milliseconds and is never cached; full mode is paid for once per key."""
    store = model.responses
    if store is None or request.mode == "fast":
        return await compute()
    started = time.perf_counter()
    text = request.article.text
    options = request.model_dump(mode="json", exclude={"article": {"text"}})
    hit = store.get(response_key(endpoint, text, options, model.identity()), response_type)
    if hit is not None:
        return _served_from_cache(hit, started)
    with model.request_scope() as budget:
        response = await compute()
    if not budget.exhausted:
        # Keyed after the call: a backend that did not name its model has named it by now.
        key = response_key(endpoint, text, options, model.identity())
        store.put(key, endpoint, response)
    return response


def _served_from_cache(response: R, started: float) -> R:
    latency = round((time.perf_counter() - started) * 1000)
    provenance = response.provenance.model_copy(update={"cached": True, "latency_ms": latency})
    return response.model_copy(update={"id": uuid.uuid4().hex, "provenance": provenance})
