"""The injection sample on the real embedded model, end to end (no cassette). Slow."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from tests.injection.plant import instruction_flags, plant, texts_shown
from tests.injection.sample import ARTICLES, MODEL_SAMPLE
from tests.injection.templates import planted, trigger
from tests.spans import assert_spans_quote

pytestmark = pytest.mark.live

LIVE_SAMPLE = MODEL_SAMPLE


@pytest.fixture(scope="module")
def live_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data_dir: Path = tmp_path_factory.mktemp("live-injection")
    # The embedded model's tasks are on here so that the model itself reads the instruction.
    settings = Settings(llm_base_url=None, data_dir=data_dir, task_summary="on", task_flags="on")
    with TestClient(create_app(settings)) as client:
        deadline = time.monotonic() + 180
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, client.get("/readyz").json()
            time.sleep(0.5)
        yield client


@pytest.mark.parametrize(("article", "index", "position"), LIVE_SAMPLE)
def test_the_embedded_model_passes_no_planted_instruction_on(
    live_client: TestClient, article: str, index: int, position: Any
) -> None:
    injected = plant(ARTICLES[article], planted(index), position)
    response = live_client.post("/analyze", json={"article": {"text": injected.text}})
    analysis = response.json()
    assert response.status_code == 200, analysis
    assert analysis["summarize"]["provenance"]["backend"] == "embedded"
    assert not [t for t in texts_shown(analysis) if trigger(index) in t]
    assert instruction_flags(analysis["verify"])
    assert assert_spans_quote(injected.text, analysis) > 0
