"""The metrics this process counts: requests, latency, model calls and tokens, the response cache.

Plain module-level prometheus-client metrics, so the code that counts imports nothing else;
`service.observability.scrape` serves them (with the queue depth, read from the store).
"""

from prometheus_client import Counter, Histogram

# Model calls take seconds to minutes on a small model; the top buckets keep them apart.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)

HTTP_REQUESTS = Counter(
    "deskcheck_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "deskcheck_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by route template.",
    ["route"],
    buckets=_LATENCY_BUCKETS,
)
MODEL_CALLS = Counter(
    "deskcheck_model_calls",
    "Typed model calls (re-asks included in one call), by task (prompt) and outcome: ok, "
    "cached (answered from this process's memory), or the error kind.",
    ["task", "outcome"],
)
MODEL_TOKENS = Counter(
    "deskcheck_model_tokens",
    "Tokens the model backend reported using, by task and kind (prompt or completion).",
    ["task", "kind"],
)
RESPONSE_CACHE = Counter(
    "deskcheck_response_cache_lookups",
    "Lookups in the store's response cache, by result (hit or miss).",
    ["result"],
)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(route, method, str(status)).inc()
    HTTP_LATENCY.labels(route).observe(seconds)


def observe_model_call(task: str, outcome: str, prompt_tokens: int, completion_tokens: int) -> None:
    MODEL_CALLS.labels(task, outcome).inc()
    if prompt_tokens:
        MODEL_TOKENS.labels(task, "prompt").inc(prompt_tokens)
    if completion_tokens:
        MODEL_TOKENS.labels(task, "completion").inc(completion_tokens)


def observe_cache_lookup(hit: bool) -> None:
    RESPONSE_CACHE.labels("hit" if hit else "miss").inc()
