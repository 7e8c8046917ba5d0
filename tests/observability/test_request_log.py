"""One JSON line per request, with its id, route template, status and latency; the id echoed."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import body_limit_bytes
from tests.desk import Desk, running_desk
from tests.observability.logs import configured, json_log_lines

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with running_desk(tmp_path, embedded_workers=0) as desk:
        yield desk


def access_line(lines: list[dict[str, Any]], path: str) -> dict[str, Any]:
    found = [line for line in lines if line["path"] == path]
    assert len(found) == 1, f"expected one access line for {path}, got {found}"
    return found[0]


def test_a_request_is_one_json_line_with_route_status_and_latency(desk: Desk) -> None:
    item = desk.post("/review/items", "submitter", {"article": {"text": "A short article."}})
    item_id = item.json()["id"]
    with json_log_lines() as logs:
        response = desk.get(f"/review/items/{item_id}")
    line = access_line(logs.records("deskcheck.access"), f"/review/items/{item_id}")
    assert response.status_code == 200
    assert line["request_id"] == response.headers["x-request-id"]
    assert GENERATED.fullmatch(line["request_id"])
    assert line["route"] == "/review/items/{item_id}"
    assert (line["method"], line["status"], line["client"]) == ("GET", 200, "testclient")
    assert isinstance(line["latency_ms"], float) and line["latency_ms"] > 0
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


def test_a_sane_incoming_id_is_kept_and_echoed(desk: Desk) -> None:
    with json_log_lines() as logs:
        response = desk.client.get("/healthz", headers={"X-Request-ID": "edge-7f3a.01_x"})
    assert response.headers["x-request-id"] == "edge-7f3a.01_x"
    assert access_line(logs.records("deskcheck.access"), "/healthz")["request_id"] == (
        "edge-7f3a.01_x"
    )


@pytest.mark.parametrize(
    "given", ["has spaces in it", "x" * 65, "<script>alert(1)</script>", "../etc/passwd"]
)
def test_an_unsafe_incoming_id_is_replaced(desk: Desk, given: str) -> None:
    response = desk.client.get("/healthz", headers={"X-Request-ID": given})
    assert response.headers["x-request-id"] != given
    assert GENERATED.fullmatch(response.headers["x-request-id"])


def test_the_audit_trail_records_the_same_request_id(desk: Desk) -> None:
    response = desk.client.post(
        "/review/items",
        json={"article": {"text": "An article to audit."}},
        headers={**desk.headers("submitter"), "X-Request-ID": "trace-42"},
    )
    trail = desk.get(f"/review/items/{response.json()['id']}/audit").json()
    entries = trail["entries"] if isinstance(trail, dict) else trail
    assert response.headers["x-request-id"] == "trace-42"
    assert any(entry["request_id"] == "trace-42" for entry in entries)


def test_a_refusal_from_the_body_limit_is_logged_with_its_id(desk: Desk) -> None:
    too_large = body_limit_bytes(desk.services.settings) + 1
    with json_log_lines() as logs:
        response = desk.client.post(
            "/verify",
            content=b"{}",
            headers={"content-type": "application/json", "content-length": str(too_large)},
        )
    line = access_line(logs.records("deskcheck.access"), "/verify")
    assert response.status_code == 413
    assert response.headers["x-request-id"] == line["request_id"]
    assert line["status"] == 413


def test_an_unexpected_error_is_a_500_with_its_id_on_every_line(tmp_path: Path) -> None:
    with running_desk(tmp_path, embedded_workers=0) as desk:
        app: Any = desk.client.app

        def fail() -> None:
            raise RuntimeError("a bug")

        app.add_api_route("/fail-for-test", fail)
        client = TestClient(app, raise_server_exceptions=False)
        with json_log_lines() as logs:
            response = client.get("/fail-for-test")
    request_id = response.headers["x-request-id"]
    lines = [line for line in logs.records() if line["request_id"] == request_id]
    assert response.status_code == 500 and response.json()["error"] == "internal_error"
    assert {line["logger"] for line in lines} >= {"service.http.errors", "deskcheck.access"}
    assert access_line(logs.records("deskcheck.access"), "/fail-for-test")["status"] == 500


@pytest.mark.usefixtures("restore_logging")
def test_a_path_with_line_breaks_is_one_text_line(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """The path is logged decoded; in text format a CR or LF in it must not start a new,
    forged line that a reader would take for another request."""
    configured("INFO", "text")
    forged = "2026-01-01 00:00:00,000 INFO deskcheck.access [x] GET /desk/ 200"
    capsys.readouterr()
    desk.client.get(f"/nowhere%0d%0a{forged}")
    logged = capsys.readouterr().err.splitlines()
    lines = [line for line in logged if "deskcheck.access" in line and " httpx" not in line]
    assert len(lines) == 1, lines
    assert f"deskcheck.access: GET /nowhere\\r\\n{forged} 404 (" in lines[0]
