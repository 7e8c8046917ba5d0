"""One way to record a decision: a flag's and a claim's land in the audit trail alike, each
naming its target, the decision it replaces and the note, and the trail vouches for both."""

from typing import Any

from service.review.integrity import verify_review_state
from service.store import verify_chain
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"


def _events_on(desk: Desk, item: dict[str, Any], target: str) -> list[dict[str, Any]]:
    entries = desk.get(f"/review/items/{item['id']}/audit").json()["entries"]
    return [e for e in entries if e["target"] == target]


def _trail_holds(desk: Desk) -> bool:
    with desk.services.database.session() as session:
        return verify_chain(session) == [] and verify_review_state(session) == []


def test_a_flag_decision_is_audited_with_the_decision_it_replaces(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    flag = item["flags"][0]
    url = f"/review/items/{item['id']}/flags/{flag['id']}/decision"
    for decision, note in (("accept", ""), ("reject", "on reflection")):
        assert desk.post(url, json={"decision": decision, "note": note}).status_code == 200
    first, second = _events_on(desk, item, f"item:{item['id']}/flag:{flag['id']}")
    assert [first["action"], second["action"]] == ["flag.accept", "flag.reject"]
    assert (first["before_digest"], second["before_digest"]) == (None, first["after_digest"])
    assert second["detail"] == f"{flag['type']}: on reflection"
    assert _trail_holds(desk)


def test_a_claim_decision_is_audited_the_same_way(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    claim = item["verify"]["claims"][0]["id"]
    url = f"/review/items/{item['id']}/claims/{claim}/decision"
    for decision, note in (("confirm", "ministry, by phone"), ("withdraw", "misheard")):
        assert desk.post(url, json={"decision": decision, "note": note}).status_code == 200
    first, second = _events_on(desk, item, f"item:{item['id']}/claim:{claim}")
    assert [first["action"], second["action"]] == ["claim.confirm", "claim.withdraw"]
    assert (first["before_digest"], second["before_digest"]) == (None, first["after_digest"])
    assert second["detail"] == "misheard"
    assert _trail_holds(desk)
