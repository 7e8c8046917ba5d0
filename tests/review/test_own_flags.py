"""An editor's own flag through the API: the span checked against the stored text, the flag
shown and decided like any other, in the audit trail with its words, in the export, and kept
out of the detectors' acceptance figures."""

from typing import Any

import pytest

from service.review.integrity import verify_review_state
from service.review.own_flags import BadSpan, Span, claim_of, words_at
from service.store import verify_chain
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"
WORDS = "seemingly ordinary afternoon"


def _flag(desk: Desk, item: dict[str, Any], body: dict[str, Any], role: str = "editor") -> Any:
    return desk.post(f"/review/items/{item['id']}/flags", role=role, json=body)  # type: ignore[arg-type]


def _body(text: str, words: str = WORDS, **changes: Any) -> dict[str, Any]:
    start = text.index(words)
    body = {"start": start, "end": start + len(words), "type": "loaded_language"}
    return body | {"note": "colours an ordinary day for effect"} | changes


def _own(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in item["flags"] if f["detector"] == "editor"]


def test_an_editors_flag_is_stored_verbatim_and_accepted(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    text = item["article"]["text"]
    response = _flag(desk, item, _body(text))
    assert response.status_code == 201, response.text
    (flag,) = _own(response.json())
    assert text[flag["start"] : flag["end"]] == flag["text"] == WORDS
    assert (flag["type"], flag["decision"], flag["detail"]) == (
        "loaded_language",
        "accept",
        "colours an ordinary day for effect",
    )
    assert flag["id"] in {d["flag_id"] for d in response.json()["decisions"]}
    assert response.json()["status"] == "in_review"


def test_the_flag_is_filed_under_the_claim_holding_its_words(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    (flag,) = _own(_flag(desk, item, _body(item["article"]["text"])).json())
    claim = next(c for c in item["verify"]["claims"] if c["id"] == flag["claim_id"])
    assert claim["start"] <= flag["start"] < flag["end"] <= claim["end"]


def test_the_audit_trail_names_the_words_and_still_verifies(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    (flag,) = _own(_flag(desk, item, _body(item["article"]["text"])).json())
    entries = desk.get(f"/review/items/{item['id']}/audit").json()["entries"]
    events = [e for e in entries if e["target"] == f"item:{item['id']}/flag:{flag['id']}"]
    assert [e["action"] for e in events] == ["flag.added", "flag.accept"]
    assert f"loaded_language on “{WORDS}”" in events[0]["detail"]
    assert "colours an ordinary day for effect" in events[0]["detail"]
    with desk.services.database.session() as session:
        assert verify_chain(session) == [] and verify_review_state(session) == []


def test_whitespace_around_the_words_is_left_out(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    words = "harrowing incident"
    body = _body(item["article"]["text"], words)
    body |= {"start": body["start"] - 1, "end": body["end"] + 1}  # the spaces either side
    (flag,) = _own(_flag(desk, item, body).json())
    assert (flag["start"], flag["end"], flag["text"]) == (body["start"] + 1, body["end"] - 1, words)


@pytest.mark.parametrize(
    ("changes", "error", "said"),
    [
        ({"end": 10**6}, "invalid_span", "0 <= start < end <= 3795"),
        ({"start": 40, "end": 40}, "invalid_span", "0 <= start < end"),
        ({"start": -1}, "invalid_request", "start"),
        ({"type": "rumour"}, "invalid_request", "type"),
        ({"note": "   "}, "invalid_request", "note"),
        ({"note": None}, "invalid_request", "note"),
    ],
    ids=["past-the-end", "empty", "negative", "unknown-type", "blank-note", "no-note"],
)
def test_a_bad_request_is_refused_in_words(
    desk: Desk, changes: dict[str, Any], error: str, said: str
) -> None:
    item = desk.submit(seed_text(SEED))
    body = {k: v for k, v in (_body(item["article"]["text"]) | changes).items() if v is not None}
    response = _flag(desk, item, body)
    assert response.status_code == 422
    assert response.json()["error"] == error and said in response.json()["detail"]
    assert _own(desk.get(f"/review/items/{item['id']}").json()) == []


def test_a_whitespace_span_is_refused(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    gap = item["article"]["text"].index(" ")
    response = _flag(desk, item, _body(item["article"]["text"], start=gap, end=gap + 1))
    assert (response.status_code, response.json()["error"]) == (422, "invalid_span")
    assert "whitespace only" in response.json()["detail"]


def test_a_submitter_may_not_flag_and_an_approved_item_is_closed(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    body = _body(item["article"]["text"])
    assert _flag(desk, item, body, role="submitter").status_code == 403
    desk.post(f"/review/items/{item['id']}/start")
    desk.decide_all(item["id"])
    assert desk.post(f"/review/items/{item['id']}/approve").status_code == 200
    refused = _flag(desk, item, body)
    assert (refused.status_code, refused.json()["error"]) == (409, "invalid_transition")


def test_the_export_carries_the_flag_and_stats_leave_it_out(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    (flag,) = _own(_flag(desk, item, _body(item["article"]["text"])).json())
    decided = desk.decide_all(item["id"])
    assert desk.post(f"/review/items/{item['id']}/approve").status_code == 200
    exported = desk.get(f"/review/items/{item['id']}/export").json()
    assert flag in _own(exported["item"])
    assert "flag.added" in {e["action"] for e in exported["audit"]}
    # Accepted by construction: it says nothing of how often a detector is right, so the
    # acceptance figures count the machine's flags only; the editor's flag is a miss, counted
    # apart (it is what estimates recall).
    stats = desk.get("/review/stats").json()
    machine = [f for f in decided["flags"] if f["detector"] != "editor"]
    assert sum(row["accepted"] for row in stats["overall"]) == len(machine) > 0
    by_type = {row["group"]: row for row in stats["by_type"]}
    assert by_type["loaded_language"]["editor_flags"] == 1


def test_words_at_counts_code_points_as_the_server_does() -> None:
    text = "Flood 🌊 hits the “harrowing” coast\r\nagain."
    start = text.index("“harrowing”")
    assert words_at(text, start - 1, start + 12) == Span(start, start + 11, "“harrowing”")
    with pytest.raises(BadSpan):
        words_at(text, text.index("\r"), text.index("\r") + 2)


def test_claim_of_takes_the_claim_it_overlaps_most() -> None:
    report = {"claims": [{"id": "c1", "start": 0, "end": 10}, {"id": "c2", "start": 10, "end": 30}]}
    assert claim_of(report, Span(8, 14, "xxxxxx")) == "c2"
    assert claim_of(report, Span(40, 44, "xxxx")) == "none"
