"""Nothing passes unexamined, over the API on SQLite and PostgreSQL: approval waits for every flag
and contradiction (saying what remains), an admin may approve over it with a reason the trail
binds, a return needs a reason, and the queue counts what remains per item."""

import re
from typing import Any

from service.review.integrity import verify_review_state
from service.store import verify_chain
from tests.conftest import seed_text
from tests.desk import Desk

CONTRADICTORY = "001_100bbb814b795ab1.txt"
"""A seed article whose report holds two contradictions (x1, x2) and 27 flags."""


def _trail_holds(desk: Desk) -> bool:
    with desk.services.database.session() as session:
        return verify_chain(session) == [] and verify_review_state(session) == []


def _started(desk: Desk) -> dict[str, Any]:
    item = desk.submit(seed_text(CONTRADICTORY))
    assert len(item["verify"]["contradictions"]) >= 2
    started: dict[str, Any] = desk.post(f"/review/items/{item['id']}/start").json()
    return started


def _queue_entry(desk: Desk, item_id: str) -> dict[str, Any]:
    entries = desk.get("/review/items").json()["items"]
    entry: dict[str, Any] = next(e for e in entries if e["id"] == item_id)
    return entry


def _actions(desk: Desk, item_id: str) -> list[str]:
    entries = desk.get(f"/review/items/{item_id}/audit").json()["entries"]
    return [e["action"] for e in entries]


def test_approval_is_refused_naming_each_undecided_flag_and_open_contradiction(
    desk: Desk,
) -> None:
    item = _started(desk)
    flags = [f["id"] for f in item["flags"]]
    accepted = desk.post(
        f"/review/items/{item['id']}/flags/{flags[0]}/decision", json={"decision": "accept"}
    )
    assert accepted.status_code == 200

    refused = desk.post(f"/review/items/{item['id']}/approve")

    assert refused.status_code == 409
    body = refused.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == "review_incomplete"
    remaining = len(flags) - 1
    assert f"{remaining} flags undecided and 2 contradictions open" in body["detail"]
    linked = re.findall(rf"/desk/items/{item['id']}#flag-(\d+)\b", body["detail"])
    assert sorted(map(int, linked)) == sorted(flags[1:])  # the decided one no longer remains
    assert f"/desk/items/{item['id']}#contradiction-x1" in body["detail"]
    assert f"/desk/items/{item['id']}#contradiction-x2" in body["detail"]
    assert desk.get(f"/review/items/{item['id']}").json()["status"] == "in_review"
    assert "item.approved" not in _actions(desk, item["id"])
    assert _trail_holds(desk)


def test_once_everything_is_decided_the_item_is_approved(desk: Desk) -> None:
    item = _started(desk)
    decided = desk.decide_all(item["id"])
    assert decided["gate"] == {
        "undecided_flags": [],
        "open_contradictions": [],
        "override_reason": None,
    }
    approved = desk.post(f"/review/items/{item['id']}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert _queue_entry(desk, item["id"])["gate_override"] is None
    assert _trail_holds(desk)


def test_the_queue_counts_what_remains_and_follows_each_decision(desk: Desk) -> None:
    item = _started(desk)
    total = len(item["flags"]) + len(item["verify"]["contradictions"])
    assert _queue_entry(desk, item["id"])["undecided_count"] == total
    flag = item["flags"][0]["id"]
    desk.post(f"/review/items/{item['id']}/flags/{flag}/decision", json={"decision": "reject"})
    # A second decision on the same flag does not count it twice.
    desk.post(f"/review/items/{item['id']}/flags/{flag}/decision", json={"decision": "accept"})
    desk.post(f"/review/items/{item['id']}/contradictions/x1/decision", json={"decision": "reject"})
    assert _queue_entry(desk, item["id"])["undecided_count"] == total - 2
    desk.decide_all(item["id"])
    assert _queue_entry(desk, item["id"])["undecided_count"] == 0


def test_only_an_admin_approves_over_what_remains_and_only_with_a_reason(desk: Desk) -> None:
    item = _started(desk)
    url = f"/review/items/{item['id']}/approve"
    by_editor = desk.post(url, json={"override_reason": "deadline"})
    assert (by_editor.status_code, by_editor.json()["error"]) == (403, "forbidden")
    assert "only an admin" in by_editor.json()["detail"]
    blank = desk.post(url, role="admin", json={"override_reason": "   "})
    assert blank.status_code == 422
    assert desk.post(url, role="admin").json()["error"] == "review_incomplete"

    reason = "Breaking news; the desk chief checked the sourcing by phone"
    approved = desk.post(url, role="admin", json={"override_reason": reason})

    assert approved.status_code == 200, approved.text
    gate = approved.json()["gate"]
    assert gate["override_reason"] == reason
    assert len(gate["undecided_flags"]) == len(item["flags"])
    last = desk.get(f"/review/items/{item['id']}/audit").json()["entries"][-1]
    assert (last["action"], last["actor"]) == ("item.approved", "admin-key")
    undecided = f"{len(item['flags'])} flags undecided and 2 contradictions open"
    assert last["detail"] == f"approved over {undecided}, because: {reason}"
    entry = _queue_entry(desk, item["id"])
    assert (entry["status"], entry["gate_override"]) == ("approved", reason)
    assert entry["undecided_count"] == len(item["flags"]) + 2
    assert _trail_holds(desk)


def test_a_return_needs_a_reason(desk: Desk) -> None:
    item = _started(desk)
    url = f"/review/items/{item['id']}/return"
    assert desk.post(url).status_code == 422
    assert desk.post(url, json={}).status_code == 422
    blank = desk.post(url, json={"note": "  \n "})
    assert (blank.status_code, set(blank.json())) == (422, {"error", "detail"})
    assert desk.get(f"/review/items/{item['id']}").json()["status"] == "in_review"
    returned = desk.post(url, json={"note": "two sources contradict each other"})
    assert returned.json()["status"] == "returned"


def test_a_contradiction_decision_is_audited_in_words(desk: Desk) -> None:
    item = _started(desk)
    x1 = item["verify"]["contradictions"][0]
    url = f"/review/items/{item['id']}/contradictions/x1/decision"
    decided = desk.post(
        url, json={"decision": "accept", "note": "the governor is Russian-installed"}
    )
    assert decided.status_code == 200
    assert decided.json()["contradiction_decisions"][0]["decision"] == "accept"
    assert "x1" not in decided.json()["gate"]["open_contradictions"]
    entries = desk.get(f"/review/items/{item['id']}/audit").json()["entries"]
    event = next(e for e in entries if e["target"] == f"item:{item['id']}/contradiction:x1")
    assert event["action"] == "contradiction.accept"
    claims = " and ".join(x1["claims"])
    assert event["detail"] == (
        f"contradiction x1 ({x1['type']}, claims {claims}) upheld: the governor is "
        "Russian-installed"
    )
    missing = desk.post(
        f"/review/items/{item['id']}/contradictions/x9/decision", json={"decision": "reject"}
    )
    assert missing.status_code == 404
    assert _trail_holds(desk)
