"""`GET /metrics`: this process's counters (or every worker's) and the queue depth from the store.

Under `deskcheck serve --workers N` each worker is its own process, so `serve` points
`PROMETHEUS_MULTIPROC_DIR` at a fresh directory before the workers start; each worker's counters
then live in files there, and a scrape of any worker adds them all up (prometheus-client's
multiprocess mode). The queue depth is counted by no process: it is read from the store at
scrape time with one grouped query, so every replica reports the same truth.
"""

import os
from collections.abc import Iterator

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from schemas.review import AnalysisState
from service.http.deps import get_services
from service.review.repository import analysis_state_counts
from service.store import Database

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
_STATES: tuple[AnalysisState, ...] = (
    "queued",
    "reading",
    "evidence_done",
    "model_done",
    "done",
    "failed",
)


class ReviewQueue(Collector):
    """Review items by analysis state, counted in the store when scraped (one grouped query)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[Metric]:
        with self.database.session() as session:
            counts = analysis_state_counts(session)
        family = GaugeMetricFamily(
            "deskcheck_review_items",
            "Review items in the store by analysis state (queued: waiting for a worker; "
            "reading, evidence_done, model_done: in analysis), read at scrape time.",
            labels=["analysis_state"],
        )
        for state in _STATES:
            family.add_metric([state], counts.get(state, 0))
        yield family


class _Scrape(Collector):
    """This process's (or every worker's) metrics, then the store's queue."""

    def __init__(self, database: Database) -> None:
        self.queue = ReviewQueue(database)

    def collect(self) -> Iterator[Metric]:
        yield from _process_metrics().collect()
        yield from self.queue.collect()


def _process_metrics() -> CollectorRegistry:
    if not os.environ.get(MULTIPROCESS_ENV):
        return REGISTRY
    merged = CollectorRegistry()
    MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
    return merged


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """The Prometheus text format; a plain `def`: the queue query runs off the event loop."""
    scrape = _Scrape(get_services(request).database)
    return Response(generate_latest(scrape), media_type=CONTENT_TYPE_LATEST)
