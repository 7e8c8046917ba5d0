"""Liveness and readiness."""

import asyncio

from fastapi.testclient import TestClient

from service.config import Settings
from service.health.readiness import assess
from service.llm import configured_backend


def test_healthz_answers_without_a_model(offline_client: TestClient) -> None:
    response = offline_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_503_with_the_reason_when_the_backend_is_down(
    offline_client: TestClient,
) -> None:
    response = offline_client.get("/readyz")
    assert response.status_code == 503
    assert "does not answer" in response.json()["detail"]
    assert response.headers["retry-after"] == "5"


def test_embedded_backend_reports_starting_until_its_server_answers() -> None:
    backend = configured_backend(Settings(llm_base_url=None, task_flags="on"))
    readiness = asyncio.run(assess(backend))
    assert (backend.name, readiness.state, readiness.serves) == ("embedded", "starting", False)
    assert "starting" in readiness.reason


def test_readyz_never_says_ready_about_a_backend_that_does_not_answer(
    offline_client: TestClient,
) -> None:
    body = offline_client.get("/readyz").json()
    assert (body["backend"], body["state"]) == ("openai-compatible", "down")


def test_a_rules_only_embedded_service_is_ready_without_a_model() -> None:
    backend = configured_backend(Settings(llm_base_url=None))
    readiness = asyncio.run(assess(backend))
    assert (backend.state, backend.embedded, readiness.state) == ("off", None, "off")
    assert readiness.serves
    assert "no model task beats them here" in readiness.reason


def test_readyz_says_what_a_full_analysis_runs(offline_client: TestClient) -> None:
    analysis = offline_client.get("/readyz").json()["full_analysis"]
    # An external backend runs the summary and the flags by default; no checker is configured.
    assert analysis == {
        "rules_only": False,
        "model_tasks": ["summary", "flags"],
        "detail": "rule-based checks and the model's summary, flags",
    }
