"""Who may spend model time: /summarize, /verify and /analyze with a key required or not, and
each key's requests limited (429 with Retry-After). Fast mode throughout: no model needed."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import update

from service.auth.keys import hash_key
from service.config import Settings
from service.store.models import ApiKey
from tests.desk import Desk, fresh_address, replicas, running_desk, shared_redis
from tests.store.postgres import postgres_url

MODEL_PATHS = ("/summarize", "/verify", "/analyze")
BODY = {
    "article": {"text": "The council approved the budget on Tuesday, officials said."},
    "mode": "fast",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Keys are looked up in the store: both kinds of store."""
    if request.param == "sqlite":
        yield None
        return
    with postgres_url() as url:
        yield url


def _post(client: TestClient, path: str = "/verify", **headers: str) -> Any:
    return client.post(path, json=BODY, headers=headers)


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def _demote_in_store(desk: Desk, raw: str, role: str) -> None:
    """A role below submitter: none exists yet, so a row as a newer release (or a hand edit)
    might leave it, which this version must not take for a submitter."""
    with desk.services.database.session() as session:
        session.execute(update(ApiKey).where(ApiKey.key_hash == hash_key(raw)).values(role=role))


# The key requirement.


def test_by_default_the_model_endpoints_need_no_key(tmp_path: Path) -> None:
    with running_desk(tmp_path) as desk:
        codes = [_post(desk.client, path).status_code for path in MODEL_PATHS]
    assert codes == [200, 200, 200]


def test_required_key_refuses_a_request_without_one_saying_what_to_send(
    tmp_path: Path, store_url: str | None
) -> None:
    with running_desk(tmp_path, store_url, model_endpoints_require_key=True) as desk:
        responses = [_post(desk.client, path) for path in MODEL_PATHS]
    assert [r.status_code for r in responses] == [401, 401, 401]
    assert responses[0].json()["error"] == "unauthorized"
    assert "Authorization: Bearer <key>" in responses[0].json()["detail"]


def test_required_key_refuses_an_unknown_or_revoked_key(
    tmp_path: Path, store_url: str | None
) -> None:
    with running_desk(tmp_path, store_url, key_cache_s=0, model_endpoints_require_key=True) as desk:
        unknown = _post(desk.client, **_bearer("dk_not-a-key"))
        with desk.services.database.session() as session:
            session.execute(
                update(ApiKey)
                .where(ApiKey.key_hash == hash_key(desk.keys["submitter"]))
                .values(revoked_at=ApiKey.created_at)
            )
        revoked = _post(desk.client, **desk.headers("submitter"))
    assert (unknown.status_code, revoked.status_code) == (401, 401)
    assert "unknown or revoked API key" in revoked.json()["detail"]


@pytest.mark.parametrize("role", ["submitter", "editor", "admin"])
def test_required_key_admits_submitter_and_above(
    tmp_path: Path, store_url: str | None, role: str
) -> None:
    with running_desk(tmp_path, store_url, model_endpoints_require_key=True) as desk:
        raw = desk.keys[role]
        responses = [
            _post(desk.client, "/summarize", **_bearer(raw)),
            _post(desk.client, "/verify", **{"X-API-Key": raw}),
            _post(desk.client, "/analyze", **_bearer(raw)),
        ]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert responses[1].json()["provenance"]["method"] == "evidence"


def test_required_key_refuses_a_role_below_submitter_with_403(
    tmp_path: Path, store_url: str | None
) -> None:
    with running_desk(tmp_path, store_url, model_endpoints_require_key=True) as desk:
        _demote_in_store(desk, desk.keys["submitter"], "viewer")
        response = _post(desk.client, "/analyze", **desk.headers("submitter"))
    assert response.status_code == 403
    assert response.json() == {
        "error": "forbidden",
        "detail": "this needs the submitter role; the key 'submitter-key' is a viewer",
    }


def test_the_desk_cookie_alone_does_not_spend_model_time(tmp_path: Path) -> None:
    with running_desk(tmp_path, model_endpoints_require_key=True) as desk:
        desk.login("admin")
        response = _post(desk.client)
    assert response.status_code == 401
    assert "session cookie does not authorize changes" in response.json()["detail"]


# The rate limit.


def test_one_request_past_the_limit_is_429_with_a_whole_retry_after(tmp_path: Path) -> None:
    with running_desk(
        tmp_path, model_rate_limit="3/minute", model_endpoints_require_key=True
    ) as desk:
        headers = desk.headers("editor")
        codes = [_post(desk.client, path, **headers).status_code for path in MODEL_PATHS]
        refused = _post(desk.client, **headers)
    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert f"retry in {refused.headers['Retry-After']} s" in refused.json()["detail"]


def test_retry_after_is_when_the_window_frees_a_slot(tmp_path: Path) -> None:
    with running_desk(
        tmp_path, model_rate_limit="2/2 seconds", model_endpoints_require_key=True
    ) as desk:
        headers = desk.headers("submitter")
        admitted = [_post(desk.client, **headers).status_code for _ in range(2)]
        refused = _post(desk.client, **headers)
        wait_s = int(refused.headers["Retry-After"])
        time.sleep(wait_s)
        after_waiting = _post(desk.client, **headers)
    assert admitted == [200, 200]
    assert refused.status_code == 429
    assert wait_s in (1, 2)
    assert after_waiting.status_code == 200


def test_a_parallel_burst_lets_exactly_the_limit_through(tmp_path: Path) -> None:
    # Room for the whole burst at the door, which counts places before any key is checked: this
    # is about the rate limit alone (tests/http/test_admission.py: the door).
    with running_desk(
        tmp_path,
        model_rate_limit="5/minute",
        model_endpoints_require_key=True,
        evidence_max_pending=20,
    ) as desk:
        codes = _burst(desk.client, 20, desk.headers("editor"))
    assert sorted(codes) == [200] * 5 + [429] * 15


def _burst(client: TestClient, size: int, headers: dict[str, str]) -> list[int]:
    """`size` requests released together from as many threads."""
    start = threading.Barrier(size)

    def one(_: int) -> int:
        start.wait()
        return int(client.post("/verify", json=BODY, headers=headers).status_code)

    with ThreadPoolExecutor(size) as pool:
        return list(pool.map(one, range(size)))


def test_each_key_has_its_own_budget(tmp_path: Path) -> None:
    with running_desk(
        tmp_path, model_rate_limit="2/minute", model_endpoints_require_key=True
    ) as desk:
        first = [_post(desk.client, **desk.headers("submitter")).status_code for _ in range(3)]
        second = [_post(desk.client, **desk.headers("editor")).status_code for _ in range(3)]
        refused = _post(desk.client, **desk.headers("editor"))
    assert first == [200, 200, 429]
    assert second == [200, 200, 429]
    assert "the key 'editor-key' may make 2 per 1 minute" in refused.json()["detail"]


def test_without_a_required_key_requests_count_per_address_or_per_sent_key(
    tmp_path: Path,
) -> None:
    with running_desk(tmp_path, model_rate_limit="2/minute") as desk:
        anonymous = [_post(desk.client).status_code for _ in range(3)]
        with_key = [_post(desk.client, **desk.headers("admin")).status_code for _ in range(3)]
        elsewhere = TestClient(desk.client.app, client=("203.0.113.7", 50000))
        other_address = _post(elsewhere).status_code
        refused = _post(desk.client)
    assert anonymous == [200, 200, 429]
    assert with_key == [200, 200, 429]
    assert other_address == 200
    assert "your address may make 2 per 1 minute" in refused.json()["detail"]


def test_without_a_required_key_a_wrong_key_is_401_not_anonymous(tmp_path: Path) -> None:
    with running_desk(tmp_path, model_rate_limit="2/minute") as desk:
        response = _post(desk.client, **_bearer("dk_typo"))
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_the_limit_is_checked_before_the_article_is_validated(tmp_path: Path) -> None:
    """A caller out of budget learns it without the article being validated or analysed."""
    with running_desk(
        tmp_path, model_rate_limit="1/minute", model_endpoints_require_key=True
    ) as desk:
        headers = desk.headers("submitter")
        _post(desk.client, **headers)
        response = desk.client.post("/verify", json={"article": {}}, headers=headers)
    assert response.status_code == 429


def test_replicas_share_the_budget_through_redis(tmp_path: Path) -> None:
    overrides = {"model_rate_limit": "3/minute", "model_rate_limit_storage": shared_redis()}
    address = fresh_address()
    with replicas(tmp_path, address, **overrides) as clients:
        codes = [_post(clients[n % 2]).status_code for n in range(4)]
        burst = _burst(TestClient(clients[0].app, client=(f"{address[0]}-b", 1)), 12, {})
    assert codes == [200, 200, 200, 429]
    assert sorted(burst) == [200] * 3 + [429] * 9


def test_an_unreachable_count_refuses_with_503(tmp_path: Path) -> None:
    """Failing closed: the operator set a limit to bound model time."""
    overrides = {
        "model_rate_limit": "5/minute",
        "model_rate_limit_storage": "redis://127.0.0.1:1/0",
    }
    with running_desk(tmp_path, **overrides) as desk:
        response = _post(desk.client)
    assert response.status_code == 503
    assert response.json()["error"] == "rate_limit_unavailable"
    assert response.headers["Retry-After"] == "10"


def test_a_limit_in_another_notation_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="model_rate_limit"):
        Settings(model_rate_limit="thirty a minute")
    assert Settings(model_rate_limit="").model_rate_limit == ""


# The published contract.


def test_the_document_declares_the_key_optional_unless_required(tmp_path: Path) -> None:
    with (
        running_desk(tmp_path) as optional,
        running_desk(tmp_path / "r", model_endpoints_require_key=True) as required,
    ):
        documents = [desk.client.get("/openapi.json").json() for desk in (optional, required)]
    operations = [document["paths"]["/summarize"]["post"] for document in documents]
    assert operations[0]["security"] == [{"HTTPBearer": []}, {"APIKeyHeader": []}, {}]
    assert operations[1]["security"] == [{"HTTPBearer": []}, {"APIKeyHeader": []}]
    assert {"401", "403", "429"} <= set(operations[0]["responses"])
    assert "Retry-After" in operations[0]["responses"]["429"]["headers"]
