"""End to end on the real embedded model: no cassette, no fake. Slow (about a minute)."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from tests.conftest import seed_text
from tests.spans import assert_spans_quote

pytestmark = pytest.mark.live

SEED = "000_7164c3a58de98ac3.txt"


@pytest.fixture(scope="module")
def live_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data_dir: Path = tmp_path_factory.mktemp("live")
    # The embedded model's tasks are off by default (measured no better than code); switched on
    # here so that the model itself is exercised end to end.
    # The timeout is generous: this checks the answer end to end, not speed (a loaded machine
    # took over the default 120 s for one call).
    settings = Settings(
        llm_base_url=None,
        data_dir=data_dir,
        task_summary="on",
        task_flags="on",
        llm_timeout_s=600,
    )
    with TestClient(create_app(settings)) as client:
        deadline = time.monotonic() + 180
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, client.get("/readyz").json()
            time.sleep(0.5)
        yield client


def test_embedded_model_serves_summarize_end_to_end(live_client: TestClient) -> None:
    response = live_client.post("/summarize", json={"article": {"text": seed_text(SEED)}})
    body = response.json()
    assert response.status_code == 200, body
    assert body["provenance"]["backend"] == "embedded" and body["provenance"]["attempts"] >= 1
    assert body["provenance"]["usage"]["prompt_tokens"] > 500
    assert assert_spans_quote(seed_text(SEED), body) > 0


def test_embedded_model_serves_verify_end_to_end(live_client: TestClient) -> None:
    response = live_client.post("/verify", json={"article": {"text": seed_text(SEED)}})
    body = response.json()
    assert response.status_code == 200, body
    assert body["provenance"]["model"] == "SmolLM2-135M-Instruct.Q4_1"
    assert body["counts"]["loaded_language"] >= 1
    assert assert_spans_quote(seed_text(SEED), body) > 0


def test_by_default_the_embedded_model_is_not_asked_what_it_does_no_better_than_code(
    tmp_path: Path,
) -> None:
    with TestClient(create_app(Settings(llm_base_url=None, data_dir=tmp_path))) as client:
        response = client.post("/summarize", json={"article": {"text": seed_text(SEED)}})
    body = response.json()
    assert response.status_code == 200, body
    assert body["provenance"]["method"] == "extractive"
    assert [t["ran"] for t in body["provenance"]["tasks"]] == [False]
