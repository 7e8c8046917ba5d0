"""Admission at the door: over capacity, an analysis is refused before its body is read."""

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.pool import Place, installed
from tests.conftest import REPLAY_BASE_URL, model_settings, seed_text
from tests.served import Served, served

ARTICLE = {"article": {"text": seed_text("001_100bbb814b795ab1.txt")}, "mode": "fast"}


@pytest.fixture
def full_client() -> Iterator[tuple[TestClient, Place]]:
    """The app with one evidence place, already taken."""
    settings = model_settings(REPLAY_BASE_URL, evidence_workers=1, evidence_max_pending=1)
    with TestClient(create_app(settings)) as client:
        workers = installed()
        assert workers is not None
        place = workers.try_take_place()
        assert place is not None
        yield client, place


def test_an_analysis_over_capacity_is_refused_with_its_body_unread(
    full_client: tuple[TestClient, Place],
) -> None:
    client, place = full_client
    consumed: list[bytes] = []

    def body() -> Iterator[bytes]:
        chunk = json.dumps(ARTICLE).encode()
        consumed.append(chunk)
        yield chunk

    refused = client.post("/verify", content=body(), headers={"content-type": "application/json"})
    place.give_back()
    served = client.post("/verify", json=ARTICLE)
    assert (refused.status_code, refused.headers["retry-after"]) == (503, "1")
    assert refused.json()["error"] == "evidence_busy"
    assert consumed == []
    assert served.status_code == 200


def test_a_refusal_at_the_door_carries_the_headers_of_every_answer(
    full_client: tuple[TestClient, Place],
) -> None:
    client, _ = full_client
    refused = client.post("/summarize", json=ARTICLE, headers={"x-request-id": "shed-1"})
    assert set(refused.json()) == {"error", "detail"}
    assert "DESKCHECK_EVIDENCE_MAX_PENDING=1" in refused.json()["detail"]
    assert refused.headers["x-request-id"] == "shed-1"
    csp = refused.headers["content-security-policy"]
    assert csp == "default-src 'none'; frame-ancestors 'none'"


def test_refusals_at_the_door_are_counted_in_the_request_metrics(
    full_client: tuple[TestClient, Place],
) -> None:
    client, _ = full_client
    sample = 'deskcheck_http_requests_total{method="POST",route="/analyze",status="503"}'

    def count() -> float:
        lines = client.get("/metrics").text.splitlines()
        return next((float(line.split()[-1]) for line in lines if line.startswith(sample)), 0.0)

    before = count()
    client.post("/analyze", json=ARTICLE)
    assert count() == before + 1


def test_other_requests_pass_the_door_when_every_place_is_taken(
    full_client: tuple[TestClient, Place],
) -> None:
    client, _ = full_client
    assert client.get("/healthz").status_code == 200
    assert client.get("/verify").status_code == 405


def _timed_post(client: TestClient) -> tuple[int, float]:
    started = time.monotonic()
    status = client.post("/verify", json=ARTICLE).status_code
    return status, time.monotonic() - started


def test_a_client_asking_again_before_its_retry_after_waits_it_out(
    full_client: tuple[TestClient, Place],
) -> None:
    client, _ = full_client  # every TestClient request comes from one address and port
    first_status, first_s = _timed_post(client)
    again_status, again_s = _timed_post(client)
    assert first_status == again_status == 503
    assert first_s < 0.5 and again_s >= 0.9


def test_a_held_client_is_admitted_when_a_place_frees_during_its_wait(
    full_client: tuple[TestClient, Place],
) -> None:
    client, place = full_client
    assert client.post("/verify", json=ARTICLE).status_code == 503
    threading.Timer(0.3, place.give_back).start()
    assert _timed_post(client)[0] == 200


@pytest.fixture(scope="module")
def one_place_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    env = {"DESKCHECK_EVIDENCE_MAX_PENDING": "1"}
    with served(tmp_path_factory.mktemp("admission"), env) as server:
        yield server


def _connect(server: Served) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=10)
    return connection


def _head(length: int, *extra: str) -> bytes:
    lines = ["POST /verify HTTP/1.1", "host: deskcheck", "content-type: application/json"]
    lines += [f"content-length: {length}", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _answer(connection: socket.socket) -> bytes:
    """One whole answer (the refusal and /healthz both say their length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.lower().split(b"\r\n")
    length = next(int(line.split(b":")[1]) for line in lines if b"content-length" in line)
    while len(rest) < length:
        rest += connection.recv(65536)
    return head + b"\r\n\r\n" + rest


def test_a_real_server_refuses_before_the_body_arrives_and_keeps_the_connection(
    one_place_server: Served,
) -> None:
    body = json.dumps(ARTICLE).encode()
    with _connect(one_place_server) as holder, _connect(one_place_server) as refused:
        holder.sendall(_head(len(body)) + body[:10])  # admitted: its body is still coming
        refused.sendall(_head(len(body)) + body[:10])
        answer = _answer(refused)
        refused.sendall(body[10:] + b"GET /healthz HTTP/1.1\r\nhost: deskcheck\r\n\r\n")
        health = _answer(refused)
        holder.sendall(body[10:])
        served_answer = _answer(holder)
    assert answer.startswith(b"HTTP/1.1 503 ") and b"retry-after: 1" in answer.lower()
    assert b"connection: close" not in answer.lower()
    assert health.startswith(b"HTTP/1.1 200 ")
    assert served_answer.startswith(b"HTTP/1.1 200 ")


def test_a_refused_client_waiting_to_send_its_body_is_not_asked_for_it(
    one_place_server: Served,
) -> None:
    body = json.dumps(ARTICLE).encode()
    with _connect(one_place_server) as holder, _connect(one_place_server) as waiting:
        holder.sendall(_head(len(body)) + body[:10])
        waiting.sendall(_head(len(body), "expect: 100-continue"))
        answer = _answer(waiting)
        closed = waiting.recv(1) == b""
        holder.sendall(body[10:])
        _answer(holder)
    assert answer.startswith(b"HTTP/1.1 503 ") and b"connection: close" in answer.lower()
    assert closed


def test_a_refused_megabyte_body_is_dropped_and_the_connection_serves_the_next_request(
    one_place_server: Served,
) -> None:
    body = json.dumps({**ARTICLE, "article": {"text": "a" * 1_000_000}}).encode()
    with _connect(one_place_server) as holder, _connect(one_place_server) as refused:
        holder.sendall(_head(len(body)) + body[:10])
        refused.sendall(_head(len(body)) + body)  # all of it, past uvicorn's 64 KiB read-ahead
        answer = _answer(refused)
        refused.sendall(b"GET /healthz HTTP/1.1\r\nhost: deskcheck\r\n\r\n")
        health = _answer(refused)
        holder.sendall(body[10:])
        _answer(holder)
    assert answer.startswith(b"HTTP/1.1 503 ")
    assert health.startswith(b"HTTP/1.1 200 ")
