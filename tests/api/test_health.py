"""Liveness and readiness."""

import asyncio

from fastapi.testclient import TestClient

from service.config import Settings
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
    backend = configured_backend(Settings(llm_base_url=None))
    ready, reason = asyncio.run(backend.probe())
    assert (backend.name, backend.state, ready) == ("embedded", "starting", False)
    assert "starting" in reason
