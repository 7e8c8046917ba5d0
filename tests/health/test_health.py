"""Liveness and readiness."""

import asyncio
from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.auth.keys import Role, create_key
from service.config import Settings
from service.health.readiness import assess
from service.llm import configured_backend
from service.store import Database
from tests.conftest import model_settings
from tests.fake_backend import completion, fake_backend


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


def test_readyz_tells_where_the_backend_is_to_an_admin_only(tmp_path: Path) -> None:
    with fake_backend(completion("{}")) as backend:
        settings = model_settings(backend.base_url, data_dir=tmp_path)
        keys = {role: new_key(settings, role) for role in ("admin", "editor")}
        with TestClient(create_app(settings)) as client:
            anonymous = client.get("/readyz").json()
            editor = client.get("/readyz", headers={"X-API-Key": keys["editor"]}).json()
            unknown = client.get("/readyz", headers={"X-API-Key": "dk_not_a_key"}).json()
            admin = client.get("/readyz", headers={"X-API-Key": keys["admin"]}).json()
    for body in (anonymous, editor, unknown):
        assert body["state"] == "ready"
        assert "url" not in body
        assert "127.0.0.1" not in str(body)
    assert admin["url"] == backend.base_url


def test_a_backend_that_does_not_answer_is_down_without_its_address(
    offline_client: TestClient,
) -> None:
    body = offline_client.get("/readyz").json()
    assert body["state"] == "down"
    assert "url" not in body and "127.0.0.1" not in body["detail"]


def new_key(settings: Settings, role: Role) -> str:
    database = Database.from_settings(settings)
    database.migrate()
    try:
        with database.session() as session:
            return create_key(session, f"readyz-{role}", role)[1]
    finally:
        database.close()
