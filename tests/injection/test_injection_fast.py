"""Every template planted at the beginning, middle and end of every suite article, fast mode:
the instruction is flagged, reaches nothing a reader sees, and changes no other flag."""

from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.injection.articles import suite_articles
from tests.injection.plant import (
    POSITIONS,
    Position,
    deterministic_flags,
    instruction_flags,
    plant,
    texts_shown,
)
from tests.injection.templates import TEMPLATES, planted, trigger
from tests.spans import assert_spans_quote

ARTICLES = suite_articles()


def _analyze(client: TestClient, text: str) -> dict[str, Any]:
    response = client.post("/analyze", json={"article": {"text": text}, "mode": "fast"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@cache
def _clean_flags(name: str) -> tuple[tuple[str, int, int, str, str], ...]:
    from service.app import create_app
    from tests.conftest import REPLAY_BASE_URL, model_settings

    with TestClient(create_app(model_settings(REPLAY_BASE_URL))) as client:
        return tuple(deterministic_flags(_analyze(client, ARTICLES[name])["verify"]))


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("index", range(len(TEMPLATES)))
def test_a_planted_instruction_is_flagged_and_reaches_nothing_a_reader_sees(
    offline_client: TestClient, index: int, position: Position
) -> None:
    for name, article in ARTICLES.items():
        injected = plant(article, planted(index), position)
        analysis = _analyze(offline_client, injected.text)
        flags = instruction_flags(analysis["verify"])
        assert flags and all(injected.covers(f["start"], f["end"]) for f in flags), name
        assert not [t for t in texts_shown(analysis) if trigger(index) in t], name
        assert deterministic_flags(analysis["verify"], injected) == list(_clean_flags(name)), name
        assert assert_spans_quote(injected.text, analysis) > 0
