"""Verified keys are remembered for a bounded time: no store lookup per request, and a revoked
key stops working within DESKCHECK_KEY_CACHE_S."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from service.auth.cache import VerifiedKeys
from service.auth.guard import AuthGuard
from service.auth.keys import hash_key
from service.auth.principal import Principal
from service.store.models import ApiKey
from tests.desk import Desk, running_desk

QUEUE = "/review/items"
ALICE = Principal(1, "alice", "editor")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _revoke_in_store(desk: Desk, raw: str) -> None:
    """What an admin's revocation in another process does: the row only, no cache told."""
    with desk.services.database.session() as session:
        session.execute(
            update(ApiKey)
            .where(ApiKey.key_hash == hash_key(raw))
            .values(revoked_at=datetime.now(UTC))
        )


def _verified_keys(desk: Desk) -> VerifiedKeys:
    """The app's key cache: authentication keeps it with its other state (`AuthGuard`)."""
    guard: AuthGuard = desk.client.app.state.auth  # type: ignore[attr-defined]
    return guard.verified_keys


@pytest.fixture
def cached_desk(tmp_path: Path) -> Iterator[Desk]:
    with running_desk(tmp_path, key_cache_s=300) as desk:
        yield desk


def test_a_remembered_key_expires_after_the_ttl() -> None:
    clock = Clock()
    keys = VerifiedKeys(10, timer=clock)
    keys.remember("digest", ALICE)
    clock.now = 9.9
    assert keys.get("digest") == ALICE
    clock.now = 10.1
    assert keys.get("digest") is None


def test_a_zero_ttl_remembers_nothing() -> None:
    keys = VerifiedKeys(0)
    keys.remember("digest", ALICE)
    assert keys.get("digest") is None


def test_a_cached_key_is_not_looked_up_again_within_the_ttl(cached_desk: Desk) -> None:
    assert cached_desk.get(QUEUE).status_code == 200
    _revoke_in_store(cached_desk, cached_desk.keys["editor"])
    assert cached_desk.get(QUEUE).status_code == 200


def test_forgetting_a_key_makes_its_revocation_take_effect_at_once(cached_desk: Desk) -> None:
    raw = cached_desk.keys["editor"]
    assert cached_desk.get(QUEUE).status_code == 200
    _revoke_in_store(cached_desk, raw)
    _verified_keys(cached_desk).forget(hash_key(raw))
    response = cached_desk.get(QUEUE)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_without_a_cache_a_revoked_key_is_refused_on_the_next_request(tmp_path: Path) -> None:
    with running_desk(tmp_path, key_cache_s=0) as desk:
        assert desk.get(QUEUE).status_code == 200
        _revoke_in_store(desk, desk.keys["editor"])
        assert desk.get(QUEUE).status_code == 401


def test_an_unknown_key_is_not_remembered(cached_desk: Desk) -> None:
    cached_desk.client.get(QUEUE, headers={"X-API-Key": "dk_not-a-key"})
    assert _verified_keys(cached_desk).get(hash_key("dk_not-a-key")) is None
