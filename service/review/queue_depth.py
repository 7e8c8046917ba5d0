"""The review queue's depth for /metrics: items by analysis state, counted in the store.

No process counts it: each scrape reads it with one grouped query, so every replica reports the
same truth. The app registers it with `service.observability.scrape`.
"""

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from schemas.review import AnalysisState
from service.review.repository import analysis_state_counts
from service.store import Database

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
