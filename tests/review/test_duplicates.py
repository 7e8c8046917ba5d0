"""Duplicates, over the API on SQLite and PostgreSQL: a flag may be marked a duplicate of another
flag of its item on the same claim or overlapping words (checked by the server, never itself,
never in a circle); stats then count it apart, so it lowers no precision."""

from typing import Any

from sqlalchemy import insert

from service.review.integrity import verify_review_state
from service.store import verify_chain
from service.store.models import FlagRow
from tests.conftest import seed_text
from tests.desk import Desk

CONTRADICTORY = "001_100bbb814b795ab1.txt"
OTHER = "000_7164c3a58de98ac3.txt"


def _decide(desk: Desk, item: dict[str, Any], flag: int, **body: Any) -> Any:
    return desk.post(f"/review/items/{item['id']}/flags/{flag}/decision", json=body)


def _same_claim_pair(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    by_claim: dict[str, list[dict[str, Any]]] = {}
    for flag in item["flags"]:
        by_claim.setdefault(flag["claim_id"], []).append(flag)
    first, second = next(flags for flags in by_claim.values() if len(flags) >= 2)[:2]
    return first, second


def _apart(item: dict[str, Any], flag: dict[str, Any]) -> dict[str, Any]:
    """A flag of the item on another claim whose words do not overlap `flag`'s."""
    return next(
        f
        for f in item["flags"]
        if f["claim_id"] != flag["claim_id"]
        and (f["end"] <= flag["start"] or flag["end"] <= f["start"])
    )


def _trail_holds(desk: Desk) -> bool:
    with desk.services.database.session() as session:
        return verify_chain(session) == [] and verify_review_state(session) == []


def test_a_flag_marked_a_duplicate_names_its_original_and_counts_as_decided(desk: Desk) -> None:
    item = desk.submit(seed_text(CONTRADICTORY))
    original, repeat = _same_claim_pair(item)
    decided = _decide(desk, item, repeat["id"], decision="duplicate", duplicate_of=original["id"])
    assert decided.status_code == 200, decided.text
    flag = next(f for f in decided.json()["flags"] if f["id"] == repeat["id"])
    assert (flag["decision"], flag["duplicate_of"]) == ("duplicate", original["id"])
    assert repeat["id"] not in decided.json()["gate"]["undecided_flags"]
    events = desk.get(f"/review/items/{item['id']}/audit").json()["entries"]
    event = next(e for e in events if e["target"] == f"item:{item['id']}/flag:{repeat['id']}")
    assert event["action"] == "flag.duplicate"
    assert event["detail"] == (
        f"“{repeat['text']}” ({repeat['type']}) is a duplicate of flag {original['id']}"
    )
    assert _trail_holds(desk)


def test_a_duplicate_must_repeat_a_flag_of_its_own_item_claim_or_words(desk: Desk) -> None:
    item = desk.submit(seed_text(CONTRADICTORY))
    other_item = desk.submit(seed_text(OTHER))
    original, repeat = _same_claim_pair(item)
    refusals = {
        "itself": _decide(
            desk, item, repeat["id"], decision="duplicate", duplicate_of=repeat["id"]
        ),
        "another item": _decide(
            desk,
            item,
            repeat["id"],
            decision="duplicate",
            duplicate_of=other_item["flags"][0]["id"],
        ),
        "unrelated": _decide(
            desk, item, repeat["id"], decision="duplicate", duplicate_of=_apart(item, repeat)["id"]
        ),
        "no original": _decide(desk, item, repeat["id"], decision="duplicate"),
        "original on accept": _decide(
            desk, item, repeat["id"], decision="accept", duplicate_of=original["id"]
        ),
    }
    for why, response in refusals.items():
        assert response.status_code == 422, why
        assert set(response.json()) == {"error", "detail"}, why
    assert refusals["itself"].json()["error"] == "invalid_duplicate"
    assert "cannot be a duplicate of itself" in refusals["itself"].json()["detail"]
    assert "same item" in refusals["another item"].json()["detail"]
    assert "another claim" in refusals["unrelated"].json()["detail"]
    stored = desk.get(f"/review/items/{item['id']}").json()
    assert next(f for f in stored["flags"] if f["id"] == repeat["id"])["decision"] is None


def test_duplicates_cannot_close_a_circle(desk: Desk) -> None:
    item = desk.submit(seed_text(CONTRADICTORY))
    first, second = _same_claim_pair(item)
    assert (
        _decide(
            desk, item, second["id"], decision="duplicate", duplicate_of=first["id"]
        ).status_code
        == 200
    )
    circle = _decide(desk, item, first["id"], decision="duplicate", duplicate_of=second["id"])
    assert circle.status_code == 422
    assert "itself marked a duplicate" in circle.json()["detail"]


def test_stats_count_duplicates_apart_and_estimate_recall_from_editors_flags(desk: Desk) -> None:
    item = desk.submit(seed_text(CONTRADICTORY))
    original, repeat = _same_claim_pair(item)
    rejected = _apart(item, original)
    _decide(desk, item, original["id"], decision="accept")
    _decide(desk, item, repeat["id"], decision="duplicate", duplicate_of=original["id"])
    _decide(desk, item, rejected["id"], decision="reject")

    stats = desk.get("/review/stats").json()
    assert stats["recall_available"] is False
    by_type = {row["group"]: row for row in stats["by_type"]}
    for flag_type in {original["type"], rejected["type"]}:
        accepted = int(original["type"] == flag_type)
        refused = int(rejected["type"] == flag_type)
        row = by_type[flag_type]
        assert (row["accepted"], row["rejected"]) == (accepted, refused)
        # The duplicate is in neither count: precision is what the two real decisions say.
        assert row["precision"] == accepted / (accepted + refused)
    assert by_type[repeat["type"]]["duplicates"] == 1
    families = stats["by_family"]
    assert sum(row["duplicates"] for row in families) == 1
    assert sum(row["accepted"] + row["rejected"] for row in families) == 2
    assert all(row["recall"] is None for row in families)

    # An editor's own flag of the accepted flag's type: one miss, so recall is 1 / (1 + 1).
    with desk.services.database.session() as session:
        session.execute(
            insert(FlagRow).values(
                item_id=item["id"],
                claim_id=original["claim_id"],
                type=original["type"],
                detector="editor",
                start=original["start"],
                end=original["end"],
                text=original["text"],
                detail="added by hand",
            )
        )
    stats = desk.get("/review/stats").json()
    assert stats["recall_available"] is True
    row = next(r for r in stats["by_type"] if r["group"] == original["type"])
    assert (row["editor_flags"], row["recall"]) == (1, 0.5)
    assert row["accepted"] == by_type[original["type"]]["accepted"]  # editors' own: not judged
