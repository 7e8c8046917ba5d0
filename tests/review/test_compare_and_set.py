"""Compare-and-set: of concurrent decisions on one flag, or an approve racing a return, exactly
one wins (200) and the others get 409; the audit trail records only what was stored."""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from service.review.integrity import verify_review_state
from service.store import verify_chain
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"
RACERS = 6
OVERRIDE = {"override_reason": "the race under test, not the gate"}
"""An admin approves over undecided flags: the gate is not what these races test."""


def _race(calls: list[Callable[[], Any]]) -> Counter[int]:
    """Start every call at once from its own thread; count the HTTP statuses."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> int:
        barrier.wait()
        status: int = call().status_code
        return status

    with ThreadPoolExecutor(len(calls)) as pool:
        return Counter(pool.map(run, calls))


def _in_review(desk: Desk) -> dict[str, Any]:
    item = desk.submit(seed_text(SEED))
    started: dict[str, Any] = desk.post(f"/review/items/{item['id']}/start").json()
    return started


def _decide(desk: Desk, item: dict[str, Any], body: dict[str, Any]) -> Any:
    flag = item["flags"][0]["id"]
    return desk.post(f"/review/items/{item['id']}/flags/{flag}/decision", json=body)


def _actions(desk: Desk, item: dict[str, Any]) -> list[str]:
    entries = desk.get(f"/review/items/{item['id']}/audit").json()["entries"]
    return [e["action"] for e in entries]


def _trail_holds(desk: Desk) -> bool:
    with desk.services.database.session() as session:
        return verify_chain(session) == [] and verify_review_state(session) == []


def test_concurrent_decisions_on_one_flag_one_wins(desk: Desk) -> None:
    item = _in_review(desk)
    bodies = [
        {"decision": ("accept", "reject")[n % 2], "note": f"editor {n}", "expected_version": 0}
        for n in range(RACERS)
    ]
    statuses = _race([partial(_decide, desk, item, body) for body in bodies])
    assert statuses == Counter({200: 1, 409: RACERS - 1})
    stored = desk.get(f"/review/items/{item['id']}").json()
    assert (len(stored["decisions"]), stored["flags"][0]["version"]) == (1, 1)
    assert sum(a.startswith("flag.") for a in _actions(desk, item)) == 1
    assert _trail_holds(desk)


def test_a_stale_decision_is_409_with_a_plain_message(desk: Desk) -> None:
    item = _in_review(desk)
    assert _decide(desk, item, {"decision": "accept", "expected_version": 0}).status_code == 200
    response = _decide(desk, item, {"decision": "reject", "expected_version": 0})
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert "decided by someone else meanwhile" in response.json()["detail"]


def test_a_decision_without_a_version_applies_to_the_version_it_finds(desk: Desk) -> None:
    """Backward compatible: a client that sends no version decides over what is stored now."""
    item = _in_review(desk)
    assert _decide(desk, item, {"decision": "accept"}).status_code == 200
    second = _decide(desk, item, {"decision": "reject", "note": "on reflection"})
    assert second.status_code == 200
    flag = second.json()["flags"][0]
    assert (flag["decision"], flag["version"]) == ("reject", 2)
    assert _trail_holds(desk)


def test_concurrent_approve_and_return_one_wins(desk: Desk) -> None:
    item = _in_review(desk)
    base = f"/review/items/{item['id']}"
    statuses = _race(
        [
            lambda: desk.post(f"{base}/approve", role="admin", json=OVERRIDE),
            lambda: desk.post(f"{base}/return", json={"note": "needs a source"}),
        ]
    )
    assert statuses == Counter({200: 1, 409: 1})
    finals = [a for a in _actions(desk, item) if a in ("item.approved", "item.returned")]
    assert len(finals) == 1
    assert _trail_holds(desk)


def test_no_decision_lands_after_a_racing_approval(desk: Desk) -> None:
    item = _in_review(desk)
    statuses = _race(
        [
            lambda: desk.post(f"/review/items/{item['id']}/approve", role="admin", json=OVERRIDE),
            *[lambda: _decide(desk, item, {"decision": "accept"}) for _ in range(RACERS - 1)],
        ]
    )
    actions = _actions(desk, item)
    after_approval = actions[actions.index("item.approved") + 1 :]
    assert statuses[200] + statuses[409] == RACERS
    assert not any(a.startswith("flag.") for a in after_approval)
    assert _trail_holds(desk)
