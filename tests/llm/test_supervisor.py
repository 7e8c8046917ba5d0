"""The embedded model's child is reaped and restarted; deskcheck itself never needs a restart.

A real child process every time: `fake_llama_server` started by the supervisor's own code path
(DESKCHECK_EMBEDDED_SERVER_MODULE), killed with real signals.
"""

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.llm.supervisor import Backoff
from tests.llm.supervised import (
    ARTICLE,
    Answer,
    child_pid,
    fake_model_settings,
    has_exited,
    post_in_background,
    process_state,
    readyz_states_until_ready,
    wait_until,
)


def supervised_client(tmp_path: Path, **settings: Any) -> TestClient:
    return TestClient(create_app(fake_model_settings(tmp_path / "var", **settings)))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with supervised_client(tmp_path) as client:
        readyz_states_until_ready(client)
        yield client


def test_a_killed_child_is_reaped_and_a_new_one_serves(client: TestClient) -> None:
    first = child_pid(client)
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: process_state(first) is None)  # reaped: not even a zombie is left
    states = readyz_states_until_ready(client)
    assert child_pid(client) != first
    assert states[-1] == "ready" and {"restarting", "down"} & set(states), states
    assert client.post("/verify", json=ARTICLE).status_code == 200


def test_requests_while_it_restarts_get_503_with_retry_after(tmp_path: Path) -> None:
    with supervised_client(tmp_path, embedded_restart_backoff_s=3.0) as client:
        readyz_states_until_ready(client)
        os.kill(child_pid(client), signal.SIGKILL)
        wait_until(lambda: client.get("/readyz").json()["state"] == "restarting")
        response = client.post("/verify", json=ARTICLE)
        readiness = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"] == "backend_unavailable"
    assert "killed by SIGKILL" in response.json()["detail"]
    assert int(response.headers["retry-after"]) >= 3
    assert readiness.status_code == 503 and "restart 1 in 3.0s" in readiness.json()["detail"]


def test_a_call_cut_off_by_the_childs_death_gets_503_and_the_next_call_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LLAMA_REPLY_S", "3")
    results: list[Answer] = []
    with supervised_client(tmp_path) as client:
        readyz_states_until_ready(client)
        backend = client.app.state.services.backend  # type: ignore[attr-defined]
        request = post_in_background(client, "/verify", ARTICLE, results)
        wait_until(lambda: backend.load.in_flight == 1)
        os.kill(child_pid(client), signal.SIGKILL)
        request.join(timeout=20)
        readyz_states_until_ready(client)
        after = client.post("/verify", json=ARTICLE)
    assert results[0].status == 503 and "retry-after" in results[0].headers
    assert after.status_code == 200, after.json()


def test_readyz_says_busy_while_a_call_is_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LLAMA_REPLY_S", "2")
    results: list[Answer] = []
    with supervised_client(tmp_path) as client:
        readyz_states_until_ready(client)
        backend = client.app.state.services.backend  # type: ignore[attr-defined]
        request = post_in_background(client, "/verify", ARTICLE, results)
        wait_until(lambda: backend.load.in_flight == 1)
        during = client.get("/readyz")
        request.join(timeout=20)
        after = client.get("/readyz")
    assert (during.status_code, during.json()["state"], during.json()["in_flight"]) == (
        200,
        "busy",
        1,
    )
    assert results[0].status == 200
    assert (after.status_code, after.json()["state"]) == (200, "ready")


def test_a_child_that_froze_while_idle_is_replaced_by_the_next_call(tmp_path: Path) -> None:
    with supervised_client(tmp_path, embedded_probe_interval_s=0.3) as client:
        readyz_states_until_ready(client)
        frozen = child_pid(client)
        os.kill(frozen, signal.SIGSTOP)  # alive, listening, answering nothing
        time.sleep(0.5)  # older than the probe interval: the next call checks first
        refused = client.post("/verify", json=ARTICLE)
        wait_until(lambda: child_pid(client) != frozen, within_s=15)
        readyz_states_until_ready(client)
        after = client.post("/verify", json=ARTICLE)
    assert refused.status_code == 503 and "stopped answering" in refused.json()["detail"]
    assert process_state(frozen) is None
    assert after.status_code == 200, after.json()


def test_an_idle_child_is_never_asked_anything(tmp_path: Path) -> None:
    with supervised_client(tmp_path, embedded_probe_interval_s=0.2) as client:
        readyz_states_until_ready(client)
        log = tmp_path / "var" / "embedded-model.log"
        asked_at_start = _model_listings(log)
        time.sleep(1.5)  # seven probe intervals
        asked_later = _model_listings(log)
    assert asked_at_start >= 1  # it was asked while it started: the log counts what it hears
    assert asked_later == asked_at_start


def _model_listings(log: Path) -> int:
    return log.read_text().count("GET /v1/models")


def test_a_crash_looping_child_backs_off_and_is_never_called_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LLAMA_EXIT_CODE", "3")
    settings = {"embedded_restart_backoff_s": 0.1, "embedded_restart_backoff_max_s": 0.4}
    with supervised_client(tmp_path, **settings) as client:
        backend = client.app.state.services.backend  # type: ignore[attr-defined]
        wait_until(lambda: "restart 4 in 0.4s" in backend.reason)
        response = client.get("/readyz")
        pid = child_pid(client)
    body = response.json()
    assert (response.status_code, body["state"]) == (503, "restarting")
    assert "exited with code 3" in body["detail"] and "failing on purpose" in body["detail"]
    assert has_exited(pid) and process_state(pid) is None


def test_a_missing_server_module_fails_for_good_with_the_reason(tmp_path: Path) -> None:
    with supervised_client(tmp_path, embedded_server_module="no_such_package.server") as client:
        backend = client.app.state.services.backend  # type: ignore[attr-defined]
        wait_until(lambda: backend.state != "starting")
        response = client.get("/readyz")
    assert (response.status_code, response.json()["state"]) == (503, "failed")
    assert "not installed" in response.json()["detail"]


def test_backoff_doubles_from_its_first_delay_up_to_its_bound() -> None:
    backoff = Backoff(first_s=0.5, most_s=30.0)
    delays = [backoff.next_delay() for _ in range(9)]
    backoff.reset()
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert backoff.next_delay() == 0.5
