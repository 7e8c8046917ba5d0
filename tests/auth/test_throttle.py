"""Failed logins and unknown API keys are counted per client; past the limit, 429."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desk import ORIGIN, Desk, fresh_address, replicas, running_desk, shared_redis

QUEUE = "/review/items"


@pytest.fixture
def strict_desk(tmp_path: Path) -> Iterator[Desk]:
    with running_desk(tmp_path, auth_failure_limit="3/minute") as desk:
        yield desk


def _bad_login(desk: Desk) -> int:
    response = desk.client.post("/desk/login", data={"key": "dk_guess"}, headers={"Origin": ORIGIN})
    return response.status_code


def test_wrong_keys_at_the_api_end_in_429_with_retry_after(strict_desk: Desk) -> None:
    codes = [
        strict_desk.client.get(QUEUE, headers={"X-API-Key": f"dk_guess{n}"}).status_code
        for n in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    refused = strict_desk.client.get(QUEUE, headers={"X-API-Key": "dk_guess"})
    assert refused.json()["error"] == "too_many_failed_authentications"
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_past_the_limit_even_the_right_key_waits(strict_desk: Desk) -> None:
    for n in range(3):
        strict_desk.client.get(QUEUE, headers={"X-API-Key": f"dk_guess{n}"})
    response = strict_desk.get("/review/items")
    assert response.status_code == 429


def test_wrong_logins_end_in_429_with_retry_after(strict_desk: Desk) -> None:
    assert [_bad_login(strict_desk) for _ in range(4)] == [401, 401, 401, 429]
    response = strict_desk.client.post(
        "/desk/login", data={"key": "dk_guess"}, headers={"Origin": ORIGIN}
    )
    assert "too many failed authentications" in response.text
    assert int(response.headers["Retry-After"]) > 0


def test_successful_requests_are_not_counted(strict_desk: Desk) -> None:
    codes = {strict_desk.get("/review/items").status_code for _ in range(6)}
    strict_desk.login()
    strict_desk.login()
    strict_desk.login()
    strict_desk.login()
    assert codes == {200}
    assert _bad_login(strict_desk) == 401


def test_failures_share_one_count_across_logins_and_the_api(strict_desk: Desk) -> None:
    _bad_login(strict_desk)
    strict_desk.client.get(QUEUE, headers={"X-API-Key": "dk_guess"})
    _bad_login(strict_desk)
    assert strict_desk.client.get(QUEUE, headers={"X-API-Key": "dk_x"}).status_code == 429


def test_replicas_share_the_count_through_redis(tmp_path: Path) -> None:
    overrides = {"auth_failure_limit": "2/minute", "auth_failure_storage": shared_redis()}
    with replicas(tmp_path, fresh_address(), **overrides) as (first, second):
        codes = [
            replica.get(QUEUE, headers={"X-API-Key": "dk_guess"}).status_code
            for replica in (first, second, first, second)
        ]
    assert codes == [401, 401, 429, 429]


def test_an_unreachable_count_refuses_authentication_with_503(tmp_path: Path) -> None:
    """Failing closed: without the count, key guessing could not be slowed."""
    with running_desk(tmp_path, auth_failure_storage="redis://127.0.0.1:1/0") as desk:
        response = desk.get("/review/items")
    assert response.status_code == 503
    assert response.json()["error"] == "auth_throttle_unavailable"
    assert response.headers["Retry-After"] == "10"
