"""Which summary task runs, and provenance saying so."""

import json
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from service.llm.backend import Backend
from service.llm.tasks import task_plan
from tests.conftest import model_settings, seed_text
from tests.fake_backend import completion, fake_backend

ARTICLE = {"article": {"text": seed_text("001_100bbb814b795ab1.txt")}, "max_points": 3}
EMBEDDED = Backend("embedded", "http://127.0.0.1:5/v1", "SmolLM2", "ready")
EXTERNAL = Backend("openai-compatible", "http://127.0.0.1:5/v1", "big", "ready")


def _summarize(reply: str, **settings: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with fake_backend(completion(reply)) as backend:
        app = create_app(model_settings(backend.base_url, **settings))
        with TestClient(app) as client:
            body = client.post("/summarize", json=ARTICLE).json()
    return body, backend.requests


def test_auto_skips_the_summary_task_on_the_embedded_model() -> None:
    plan = task_plan("summary", Settings(), EMBEDDED)
    assert not plan.runs
    assert "REALSumm" in plan.reason


def test_auto_runs_the_summary_task_on_an_external_backend() -> None:
    assert task_plan("summary", Settings(), EXTERNAL).runs


def test_a_switch_overrides_the_measured_default() -> None:
    plan = task_plan("summary", Settings(task_summary="on"), EMBEDDED)
    assert plan.runs
    assert plan.reason == "DESKCHECK_TASK_SUMMARY=on"


def test_the_checker_runs_by_default_only_when_one_is_configured() -> None:
    assert not task_plan("checker", Settings(), EXTERNAL).runs
    assert task_plan(
        "checker", Settings(checker_base_url="http://127.0.0.1:11434/v1"), EMBEDDED
    ).runs


def test_a_skipped_summary_task_asks_no_model_and_says_why() -> None:
    body, requests = _summarize("{}", task_summary="off")
    assert requests == []
    assert body["provenance"]["method"] == "extractive"
    assert body["provenance"]["tasks"] == [
        {"task": "summary", "ran": False, "reason": "DESKCHECK_TASK_SUMMARY=off"}
    ]


def test_select_offers_only_candidate_ids_and_builds_points_from_the_choice() -> None:
    with fake_backend(completion("{}")) as probe:  # learn the offered ids from the schema sent
        app = create_app(model_settings(probe.base_url, summary_style="select"))
        with TestClient(app) as client:
            client.post("/summarize", json=ARTICLE)
    schema = probe.requests[0]["response_format"]["schema"]
    offered = schema["properties"]["sentences"]["items"]["enum"]
    body, _ = _summarize(
        json.dumps({"sentences": [offered[-1], offered[0]]}), summary_style="select"
    )
    assert len(offered) == 6
    assert body["provenance"]["method"] == "llm"
    assert [p["sources"][0]["sentence"] for p in body["summary"]["points"]] == [
        offered[0],
        offered[-1],
    ]
