"""Model-written summary points get the checker's second opinion; unsupported ones are dropped."""

import json
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import model_settings, seed_text
from tests.fake_backend import Reply, completion, fake_backend

ARTICLE = {"article": {"text": seed_text("001_100bbb814b795ab1.txt")}, "max_points": 3}
POINTS = [
    {"text": "Governor Evgeny Balitskiy confirmed the attack via Telegram.", "sentences": [1]},
    {"text": "Balitskiy wrote about the attack on Telegram.", "sentences": [1]},
]


def _summarize(*checker_replies: Reply) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    draft = completion(json.dumps({"points": POINTS}))
    with fake_backend(draft) as model, fake_backend(*checker_replies) as checker:
        settings = model_settings(model.base_url, checker_base_url=checker.base_url)
        with TestClient(create_app(settings)) as client:
            body = client.post("/summarize", json=ARTICLE).json()
    return body, checker.requests


def test_a_point_the_checker_answers_no_to_is_dropped_with_a_warning() -> None:
    body, requests = _summarize(completion("No"), completion("Yes"))
    assert [p["text"] for p in body["summary"]["points"]] == [POINTS[1]["text"]]
    assert POINTS[0]["text"] in body["warnings"][0]
    assert len(requests) == 2


def test_each_point_is_checked_against_its_cited_sentences() -> None:
    _, requests = _summarize(completion("Yes"))
    content = requests[0]["messages"][0]["content"]
    assert content.startswith("Document: ")
    assert content.endswith(f"\nClaim: {POINTS[0]['text']}")


def test_no_supported_point_left_means_the_extractive_summary() -> None:
    body, _ = _summarize(completion("No"))
    assert body["provenance"]["method"] == "extractive"
    assert "no model-written point was supported" in body["warnings"][-1]
