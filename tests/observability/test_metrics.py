"""/metrics, scraped and parsed as Prometheus would: the counters move, the queue is the store's."""

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.auth.keys import create_key
from service.review.repository import analysis_state_counts
from tests.llm.on_fake import SEED_001, app_on_fake, flags_reply

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def test_requests_model_calls_tokens_and_cache_are_counted(tmp_path: Path) -> None:
    with app_on_fake(flags_reply(), data_dir=tmp_path, response_cache_entries=10) as (client, _):
        before = scrape(client)
        for _ in range(3):
            client.get("/healthz")
        client.get("/review/items/12345")  # no key: 401, counted under the route's template
        for _ in range(2):  # a model call, then the same answer from the response cache
            assert client.post("/verify", json={"article": {"text": SEED_001}}).status_code == 200
        after = scrape(client)
    http = "deskcheck_http_requests_total"
    assert moved(before, after, http, route="/healthz", method="GET", status="200") == 3
    assert moved(before, after, http, route="/review/items/{item_id}", method="GET", status="401")
    assert moved(before, after, http, route="/verify", method="POST", status="200") == 2
    latency = "deskcheck_http_request_duration_seconds_count"
    assert moved(before, after, latency, route="/verify") == 2
    calls = "deskcheck_model_calls_total"
    assert moved(before, after, calls, task="verify", outcome="ok") == 1
    tokens = "deskcheck_model_tokens_total"
    assert moved(before, after, tokens, task="verify", kind="prompt") == 10
    assert moved(before, after, tokens, task="verify", kind="completion") == 5
    cache = "deskcheck_response_cache_lookups_total"
    assert (
        moved(before, after, cache, result="miss"),
        moved(before, after, cache, result="hit"),
    ) == (
        1,
        1,
    )


def test_queue_depth_is_read_from_the_store(tmp_path: Path) -> None:
    with app_on_fake(flags_reply(), data_dir=tmp_path) as (client, _):
        app: Any = client.app
        database = app.state.services.database
        with database.session() as session:
            _, key = create_key(session, "metrics-submitter", "submitter")
        for text in ("First article to queue.", "Second article to queue."):
            response = client.post(
                "/review/items",
                json={"article": {"text": text}, "mode": "fast"},
                headers={"Authorization": f"Bearer {key}"},
            )
            assert response.status_code == 201
        samples = scrape(client)
        with database.session() as session:
            counts = analysis_state_counts(session)
    assert counts == {"queued": 2}  # no worker runs here: both wait
    for state in ("queued", "reading", "evidence_done", "model_done", "done", "failed"):
        scraped = value(samples, "deskcheck_review_items", analysis_state=state)
        assert scraped == counts.get(state, 0), state
