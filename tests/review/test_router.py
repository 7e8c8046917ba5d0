"""The review workflow over HTTP, on SQLite and PostgreSQL."""

from typing import Any

from service.store.audit import digest
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"
SHORT = "The mayor said the bridge will reopen on Monday. Officials gave no other details."
CLEAN = "The council met on Tuesday."


def _flag(item: dict[str, Any], flag_type: str) -> int:
    return int(next(f["id"] for f in item["flags"] if f["type"] == flag_type))


def _in_review(desk: Desk) -> dict[str, Any]:
    item = desk.submit(seed_text(SEED))
    started: dict[str, Any] = desk.post(f"/review/items/{item['id']}/start").json()
    return started


def test_a_fast_submission_is_stored_with_its_report(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED), title="Drone strike", outlet="Wire")
    assert (item["status"], item["analysis_state"]) == ("pending", "done")
    assert item["article"]["text"] == seed_text(SEED)
    assert {"anonymous_source", "loaded_language"} <= {f["type"] for f in item["flags"]}
    assert item["revisions"][0]["author"] == "deskcheck (extractive)"


def test_a_model_failure_keeps_the_item_with_its_error(desk: Desk) -> None:
    item = desk.submit(SHORT, mode="full")
    assert item["analysis_state"] == "failed"
    assert item["error"]["error"] == "backend_unavailable"
    stored = desk.get(f"/review/items/{item['id']}").json()
    assert stored["article"]["text"] == SHORT


def test_retry_completes_a_failed_item(desk: Desk) -> None:
    item = desk.submit(SHORT, mode="full")
    retried = desk.post(f"/review/items/{item['id']}/retry", json={"mode": "fast"})
    assert (retried.status_code, retried.json()["analysis_state"]) == (202, "queued")
    done = desk.analysed(item["id"])
    assert (done["analysis_state"], done["attempts"], done["mode"]) == ("done", 2, "fast")


def test_retrying_an_analysed_item_is_409(desk: Desk) -> None:
    item = desk.submit(SHORT)
    response = desk.post(f"/review/items/{item['id']}/retry")
    assert response.status_code == 409
    assert response.json()["error"] == "invalid_transition"


def test_a_failed_item_cannot_be_reviewed(desk: Desk) -> None:
    item = desk.submit(SHORT, mode="full")
    response = desk.post(f"/review/items/{item['id']}/start")
    assert response.status_code == 409
    assert "retry" in response.json()["detail"]


def test_an_unknown_item_is_404(desk: Desk) -> None:
    response = desk.get("/review/items/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_an_empty_article_is_refused_and_not_stored(desk: Desk) -> None:
    response = desk.post("/review/items", "submitter", {"article": {"text": "   "}})
    assert response.status_code == 422
    assert desk.get("/review/items").json()["total"] == 0


def test_deciding_a_flag_puts_a_pending_item_in_review(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    flag = _flag(item, "anonymous_source")
    decided = desk.post(
        f"/review/items/{item['id']}/flags/{flag}/decision",
        json={"decision": "accept", "note": "no second source"},
    ).json()
    assert decided["status"] == "in_review"
    assert next(f for f in decided["flags"] if f["id"] == flag)["decision"] == "accept"
    assert decided["decisions"][0]["decided_by"] == "editor-key"


def test_a_flag_of_another_item_is_404(desk: Desk) -> None:
    first, second = desk.submit(seed_text(SEED)), desk.submit(SHORT)
    flag = first["flags"][0]["id"]
    response = desk.post(
        f"/review/items/{second['id']}/flags/{flag}/decision", json={"decision": "reject"}
    )
    assert response.status_code == 404


def test_approving_a_pending_item_is_409_with_a_hint(desk: Desk) -> None:
    item = desk.submit(SHORT)
    response = desk.post(f"/review/items/{item['id']}/approve")
    assert response.status_code == 409
    assert "start the review first" in response.json()["detail"]


def test_an_approved_item_is_final(desk: Desk) -> None:
    item = _in_review(desk)
    desk.decide_all(item["id"])
    assert desk.post(f"/review/items/{item['id']}/approve").status_code == 200
    response = desk.post(f"/review/items/{item['id']}/return", json={"note": "late"})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("the item is approved and cannot become returned")


def test_editing_the_summary_adds_a_revision(desk: Desk) -> None:
    item = _in_review(desk)
    edited = desk.post(f"/review/items/{item['id']}/summary", json={"text": "A drone hit a van."})
    assert edited.json()["summary"] == "A drone hit a van."
    assert [r["number"] for r in edited.json()["revisions"]] == [1, 2]
    assert edited.json()["revisions"][1]["author"] == "editor-key"


def test_returning_records_the_note_in_the_audit_trail(desk: Desk) -> None:
    item = _in_review(desk)
    returned = desk.post(f"/review/items/{item['id']}/return", json={"note": "needs a source"})
    assert returned.json()["status"] == "returned"
    entries = desk.get(f"/review/items/{item['id']}/audit").json()["entries"]
    assert (entries[-1]["action"], entries[-1]["detail"]) == ("item.returned", "needs a source")


def test_the_audit_trail_records_every_action_with_its_request_id(desk: Desk) -> None:
    item = desk.submit(CLEAN)
    assert item["flags"] == [] and item["verify"]["contradictions"] == []
    desk.post(f"/review/items/{item['id']}/start")
    desk.client.post(
        f"/review/items/{item['id']}/approve",
        headers={**desk.headers("editor"), "X-Request-ID": "req-42"},
    )
    entries = desk.get(f"/review/items/{item['id']}/audit").json()["entries"]
    assert [e["action"] for e in entries] == [
        "item.submitted",
        "analysis.completed",
        "item.in_review",
        "item.approved",
    ]
    assert entries[-1]["request_id"] == "req-42"
    assert entries[0]["actor"] == "submitter-key"


def test_the_whole_audit_trail_needs_an_admin(desk: Desk) -> None:
    desk.submit(SHORT)
    assert desk.get("/review/audit").status_code == 403
    assert desk.get("/review/audit", role="admin").json()["total"] == 2


def test_an_approved_item_exports_with_its_audit(desk: Desk) -> None:
    item = _in_review(desk)
    desk.decide_all(item["id"])
    desk.post(f"/review/items/{item['id']}/approve")
    exported = desk.get(f"/review/items/{item['id']}/export").json()
    assert exported["format"] == "deskcheck.review/1"
    assert exported["item"]["status"] == "approved"
    assert [e["action"] for e in exported["audit"][-2:]] == ["item.approved", "item.exported"]
    assert exported["audit"][-1]["after_digest"] == digest(exported["item"])


def test_exporting_an_unapproved_item_is_409(desk: Desk) -> None:
    item = desk.submit(SHORT)
    response = desk.get(f"/review/items/{item['id']}/export")
    assert (response.status_code, response.json()["error"]) == (409, "not_ready")
