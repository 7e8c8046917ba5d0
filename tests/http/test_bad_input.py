"""Every failure a caller can cause gets a status and a message that says what to do."""

from fastapi.testclient import TestClient

from tests.conftest import seed_text


def _error(response_json: dict[str, str]) -> tuple[str, str]:
    return response_json["error"], response_json["detail"]


def test_empty_text_is_422_saying_send_text(offline_client: TestClient) -> None:
    response = offline_client.post("/verify", json={"article": {"text": ""}, "mode": "fast"})
    assert response.status_code == 422
    kind, detail = _error(response.json())
    assert kind == "invalid_article" and "empty" in detail


def test_whitespace_only_text_is_422(offline_client: TestClient) -> None:
    response = offline_client.post("/summarize", json={"article": {"text": " \n\t\u200b "}})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_article"


def test_text_over_the_limit_is_413_naming_the_setting(offline_client: TestClient) -> None:
    response = offline_client.post("/verify", json={"article": {"text": "a. " * 40_000}})
    assert response.status_code == 413
    kind, detail = _error(response.json())
    assert kind == "article_too_large" and "DESKCHECK_MAX_ARTICLE_CHARS" in detail


def test_huge_body_is_refused_before_it_is_parsed(offline_client: TestClient) -> None:
    body = b'{"article": {"text": "' + b"x" * 3_000_000 + b'"}}'
    response = offline_client.post(
        "/verify", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"


def test_invalid_json_is_422_saying_so(offline_client: TestClient) -> None:
    response = offline_client.post(
        "/verify", content=b'{"article": {"text": "x"', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    kind, detail = _error(response.json())
    assert kind == "invalid_request" and "not valid JSON" in detail


def test_wrong_type_is_422_naming_the_field(offline_client: TestClient) -> None:
    response = offline_client.post("/summarize", json={"article": {"text": 42}})
    assert response.status_code == 422
    assert "article.text" in response.json()["detail"]


def test_missing_text_is_422_naming_the_field(offline_client: TestClient) -> None:
    response = offline_client.post("/verify", json={"article": {"title": "t"}})
    assert response.status_code == 422
    assert "article.text" in response.json()["detail"]


def test_non_utf8_body_is_422(offline_client: TestClient) -> None:
    body = '{"article": {"text": "caf\u00e9"}}'.encode("latin-1")
    response = offline_client.post(
        "/verify", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_unknown_route_is_404_in_the_error_shape(offline_client: TestClient) -> None:
    response = offline_client.get("/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_dead_backend_is_503_with_what_to_check(offline_client: TestClient) -> None:
    response = offline_client.post(
        "/verify", json={"article": {"text": seed_text("001_100bbb814b795ab1.txt")}}
    )
    assert response.status_code == 503
    kind, detail = _error(response.json())
    assert kind == "backend_unavailable" and "DESKCHECK_LLM_BASE_URL" in detail
    assert response.headers.get("retry-after") is None or response.headers["retry-after"].isdigit()


def test_fast_mode_needs_no_backend(offline_client: TestClient) -> None:
    text = seed_text("001_100bbb814b795ab1.txt")
    response = offline_client.post("/verify", json={"article": {"text": text}, "mode": "fast"})
    assert response.status_code == 200
    assert response.json()["provenance"]["backend"] == "none"


def test_a_method_the_path_does_not_serve_is_405_with_allow(offline_client: TestClient) -> None:
    response = offline_client.put("/review/items")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert response.headers["allow"] == "GET, POST"


def test_a_lone_surrogate_is_422_not_500(offline_client: TestClient) -> None:
    body = b'{"article": {"text": "The mayor said \\ud800 the bridge reopened."}, "mode": "fast"}'
    response = offline_client.post(
        "/verify", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "surrogate" in response.json()["detail"]
