"""`GET /metrics`: this process's counters (or every worker's), and what the app reads at scrape
time (the review queue's depth, from the store).

Under `deskcheck serve --workers N` each worker is its own process, so `serve` points
`PROMETHEUS_MULTIPROC_DIR` at a fresh directory before the workers start; each worker's counters
then live in files there, and a scrape of any worker adds them all up (prometheus-client's
multiprocess mode). What no process counts is read when scraped, by the collectors the app
registers with `scrape_also`: this layer knows no store and no domain.
"""

import os
from collections.abc import Iterator

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"


def scrape_also(app: FastAPI, *collectors: Collector) -> None:
    """Collectors each scrape reads after this process's metrics (set by the app's lifespan)."""
    app.state.scraped_collectors = collectors


class _Scrape(Collector):
    """This process's (or every worker's) metrics, then the registered collectors'."""

    def __init__(self, collectors: tuple[Collector, ...]) -> None:
        self.collectors = collectors

    def collect(self) -> Iterator[Metric]:
        yield from _process_metrics().collect()
        for collector in self.collectors:
            yield from collector.collect()


def _process_metrics() -> CollectorRegistry:
    if not os.environ.get(MULTIPROCESS_ENV):
        return REGISTRY
    merged = CollectorRegistry()
    MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
    return merged


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """The Prometheus text format; a plain `def`: the registered collectors' queries run off
    the event loop."""
    scrape = _Scrape(request.app.state.scraped_collectors)
    return Response(generate_latest(scrape), media_type=CONTENT_TYPE_LATEST)
