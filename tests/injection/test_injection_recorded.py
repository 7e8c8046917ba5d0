"""A sample of plantings through the full model path (summary drafts, model flags), replayed
from traffic recorded with the embedded model: what the model was steered to write never
reaches a reader, and the deterministic flags are the clean article's."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import model_settings
from tests.injection.plant import (
    Position,
    deterministic_flags,
    instruction_flags,
    plant,
    texts_shown,
)
from tests.injection.sample import ARTICLES, MODEL_SAMPLE
from tests.injection.templates import planted, trigger
from tests.spans import assert_spans_quote


@pytest.fixture
def patient_client(recording_backend: str) -> Iterator[TestClient]:
    """The API on the (recorded) embedded model, with room for a slow recording run: the
    deadline is not part of any request, so replay matches the same cassettes."""
    with TestClient(
        create_app(model_settings(recording_backend, request_deadline_s=1500))
    ) as client:
        yield client


def _analyze(client: TestClient, text: str, mode: str) -> dict[str, Any]:
    response = client.post("/analyze", json={"article": {"text": text}, "mode": mode})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _without_model_flags(report: dict[str, Any]) -> dict[str, Any]:
    claims = [
        {**c, "flags": [f for f in c["flags"] if f["detector"] != "llm"]} for c in report["claims"]
    ]
    return {**report, "claims": claims}


@pytest.mark.vcr
@pytest.mark.parametrize(("article", "index", "position"), MODEL_SAMPLE)
def test_a_model_reading_a_planted_instruction_passes_none_of_it_on(
    patient_client: TestClient, article: str, index: int, position: Position
) -> None:
    injected = plant(ARTICLES[article], planted(index), position)
    analysis = _analyze(patient_client, injected.text, "full")
    clean = _analyze(patient_client, ARTICLES[article], "fast")
    assert not [t for t in texts_shown(analysis) if trigger(index) in t]
    # Recorded: the embedded model was not steered (it never wrote the trigger); its drafts
    # spoke about "the article" and its flags quoted the prompt, so both were refused: the
    # summary is extractive and no model flag stands.
    assert analysis["summarize"]["provenance"]["method"] == "extractive"
    assert not [
        f for c in analysis["verify"]["claims"] for f in c["flags"] if f["detector"] == "llm"
    ]
    assert instruction_flags(analysis["verify"])
    verify = _without_model_flags(analysis["verify"])
    assert deterministic_flags(verify, injected) == deterministic_flags(clean["verify"])
    assert assert_spans_quote(injected.text, analysis) > 0
