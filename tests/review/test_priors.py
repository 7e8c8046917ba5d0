"""Other items' decisions carry from the moment they are made: provisional while that item is
open, settled once it is approved, and saying so when it was returned; a flag an editor rejected
on a matching claim says so where it is raised again. On SQLite and PostgreSQL."""

import html
from typing import Any

from sqlalchemy import Connection, event

from schemas.review import ItemView
from service.review.feedback import reviewed_facts
from service.review.repository import load_item
from service.review.views import item_view
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"


def _decide(
    desk: Desk, item: dict[str, Any], flag: dict[str, Any], decision: str, note: str = ""
) -> dict[str, Any]:
    url = f"/review/items/{item['id']}/flags/{flag['id']}/decision"
    response = desk.post(url, json={"decision": decision, "note": note})
    assert response.status_code == 200, response.text
    decided: dict[str, Any] = response.json()
    return decided


def _first(item: dict[str, Any], flag_type: str) -> dict[str, Any]:
    return next(f for f in item["flags"] if f["type"] == flag_type)


def _same_flag(item: dict[str, Any], flag: dict[str, Any]) -> dict[str, Any]:
    """The flag of `item` on the same words as `flag` (the items share their article)."""
    return next(
        f
        for f in item["flags"]
        if (f["type"], f["start"], f["end"]) == (flag["type"], flag["start"], flag["end"])
    )


def _approve(desk: Desk, item: dict[str, Any]) -> None:
    """Approved with only the decisions under test: an admin's override of the gate."""
    desk.post(f"/review/items/{item['id']}/start")  # a pending item enters review (else: 409)
    response = desk.post(
        f"/review/items/{item['id']}/approve",
        role="admin",
        json={"override_reason": "only the decisions under test"},
    )
    assert response.status_code == 200, response.text


def _item(desk: Desk, item: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = desk.get(f"/review/items/{item['id']}").json()
    return found


def _statuses(item: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in item["verify"]["claims"]}


def test_a_rejection_carries_at_once_provisional_then_settled_on_approval(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    rejected = _first(first, "loaded_language")
    _decide(desk, first, rejected, "reject", "a plain word in this story")

    second = desk.submit(seed_text(SEED))  # the rewrite, reviewed the same hour
    (note,) = second["prior_reviews"]
    assert (note["item_id"], note["earlier_claim_id"]) == (first["id"], rejected["claim_id"])
    assert (note["standing"], note["returned"]) == ("provisional", None)
    (decision,) = note["decisions"]
    assert (decision["action"], decision["flag_id"]) == ("rejected", rejected["id"])
    assert decision["flag_text"] == rejected["text"]
    (again,) = _same_flag(second, rejected)["rejected_before"]
    assert again["item_id"] == first["id"]
    assert (again["flag_id"], again["claim_id"]) == (rejected["id"], rejected["claim_id"])
    assert (again["rejected_by"], again["reason"]) == ("editor-key", "a plain word in this story")
    assert again["standing"] == "provisional"
    assert again["url"] == f"/desk/items/{first['id']}#flag-{rejected['id']}"
    others = [f for f in second["flags"] if f["id"] != _same_flag(second, rejected)["id"]]
    assert all(f["rejected_before"] == [] for f in others)

    _approve(desk, first)
    settled = _item(desk, second)
    assert [n["standing"] for n in settled["prior_reviews"]] == ["settled"]
    assert _same_flag(settled, rejected)["rejected_before"][0]["standing"] == "settled"
    with desk.services.database.session() as session:
        (fact,) = reviewed_facts(session)
    assert (fact.item_id, fact.outcome) == (first["id"], "cleared")


def test_a_decision_made_after_the_other_item_was_analysed_shows_there_at_once(
    desk: Desk,
) -> None:
    first, second = desk.submit(seed_text(SEED)), desk.submit(seed_text(SEED))
    assert second["prior_reviews"] == []
    flag = _first(first, "anonymous_source")
    _decide(desk, first, flag, "reject", "the source is named two lines down")
    (note,) = _item(desk, second)["prior_reviews"]
    assert (note["item_id"], note["standing"]) == (first["id"], "provisional")
    assert _same_flag(_item(desk, second), flag)["rejected_before"][0]["rejected_by"] == (
        "editor-key"
    )
    # Both ways: the first item shows what is decided on the second.
    accepted = _same_flag(second, _first(first, "loaded_language"))
    _decide(desk, second, accepted, "accept")
    notes = _item(desk, first)["prior_reviews"]
    assert {(n["item_id"], n["claim_id"]) for n in notes} == {(second["id"], accepted["claim_id"])}


def test_a_final_item_keeps_what_it_was_reviewed_with(desk: Desk) -> None:
    """Approved (or returned), an item keeps the matches it showed while open, with their
    decisions as they stand, and looks for no new ones: it is final."""
    first, second = desk.submit(seed_text(SEED)), desk.submit(seed_text(SEED))
    flag = _first(first, "loaded_language")
    _decide(desk, first, flag, "reject", "plain word")  # after the second item's analysis
    _approve(desk, second)
    (kept,) = _item(desk, second)["prior_reviews"]
    assert (kept["item_id"], kept["standing"]) == (first["id"], "provisional")

    third = desk.submit(seed_text(SEED))
    _decide(desk, third, _same_flag(third, flag), "accept", "loaded here")
    assert [n["item_id"] for n in _item(desk, second)["prior_reviews"]] == [first["id"]]
    still_open = {n["item_id"] for n in _item(desk, first)["prior_reviews"]}
    assert still_open == {third["id"]}
    _approve(desk, first)
    (settled,) = _item(desk, second)["prior_reviews"]
    assert settled["standing"] == "settled"


def test_each_note_names_the_claim_of_each_item(desk: Desk) -> None:
    """The rewrite opens with a sentence of its own, so its claims are numbered apart."""
    first = desk.submit(seed_text(SEED))
    flag = _first(first, "loaded_language")
    _decide(desk, first, flag, "reject", "plain word")
    opening = "The council met on Tuesday evening in the town hall to discuss the budget. "
    rewrite = desk.submit(opening + seed_text(SEED))  # linked at its analysis
    rewritten_later = desk.submit(opening + seed_text(SEED))
    _decide(desk, first, _first(first, "anonymous_source"), "reject")  # found when read
    earlier_text = {c["id"]: c["text"] for c in first["verify"]["claims"]}
    for item in (_item(desk, rewrite), _item(desk, rewritten_later)):
        texts = {c["id"]: c["text"] for c in item["verify"]["claims"]}
        assert len(item["prior_reviews"]) == 2
        for note in item["prior_reviews"]:
            assert note["claim_id"] != note["earlier_claim_id"]
            assert texts[note["claim_id"]] == earlier_text[note["earlier_claim_id"]]
            assert note["earlier_text"] == earlier_text[note["earlier_claim_id"]]
        again = next(f for f in item["flags"] if f["rejected_before"])
        assert again["claim_id"] != again["rejected_before"][0]["claim_id"] == flag["claim_id"]


def test_a_changed_decision_shows_as_changed(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    flag = _first(first, "loaded_language")
    _decide(desk, first, flag, "reject", "plain word")
    second = desk.submit(seed_text(SEED))
    assert _same_flag(second, flag)["rejected_before"] != []
    _decide(desk, first, flag, "accept", "loaded after all")
    now = _item(desk, second)
    assert _same_flag(now, flag)["rejected_before"] == []
    (note,) = now["prior_reviews"]
    assert [(d["action"], d["note"]) for d in note["decisions"]] == [
        ("accepted", "loaded after all")
    ]


def test_a_returned_items_decisions_still_show_and_say_it_was_returned(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    flag = _first(first, "loaded_language")
    _decide(desk, first, flag, "reject", "plain word")
    returned = desk.post(
        f"/review/items/{first['id']}/return", json={"note": "rewrite the second paragraph"}
    )
    assert returned.status_code == 200, returned.text
    second = desk.submit(seed_text(SEED))
    (note,) = second["prior_reviews"]
    assert note["standing"] == "returned"
    assert (note["returned"]["returned_by"], note["returned"]["reason"]) == (
        "editor-key",
        "rewrite the second paragraph",
    )
    (again,) = _same_flag(second, flag)["rejected_before"]
    assert again["standing"] == "returned"
    assert again["returned"]["reason"] == "rewrite the second paragraph"
    with desk.services.database.session() as session:
        assert list(reviewed_facts(session)) == []  # never approved: no reviewed fact


def test_only_a_settled_confirmation_corroborates(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    claim = next(c for c in first["verify"]["claims"] if c["status"] == "unverified")
    url = f"/review/items/{first['id']}/claims/{claim['id']}/decision"
    assert desk.post(url, json={"decision": "confirm", "note": "by phone"}).status_code == 200

    open_meanwhile = desk.submit(seed_text(SEED))
    assert _statuses(open_meanwhile) == _statuses(first)  # a provisional note, not a status
    (note,) = open_meanwhile["prior_reviews"]
    assert (note["standing"], note["decisions"][0]["action"]) == ("provisional", "confirmed")

    _approve(desk, first)
    after = desk.submit(seed_text(SEED))
    assert _statuses(after)[claim["id"]] == "corroborated"


def test_a_confirmation_withdrawn_before_approval_leaves_nothing_behind(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    url = f"/review/items/{first['id']}/claims/{first['verify']['claims'][0]['id']}/decision"
    assert desk.post(url, json={"decision": "confirm"}).status_code == 200
    meanwhile = desk.submit(seed_text(SEED))
    assert len(meanwhile["prior_reviews"]) == 1
    assert desk.post(url, json={"decision": "withdraw"}).status_code == 200
    assert _item(desk, meanwhile)["prior_reviews"] == []  # nothing stands there any more
    _approve(desk, first)
    with desk.services.database.session() as session:
        assert list(reviewed_facts(session)) == []
    assert desk.submit(seed_text(SEED))["prior_reviews"] == []


def test_claims_whose_decisions_were_taken_back_leave_room_for_those_that_stand(
    desk: Desk,
) -> None:
    """Three newer items confirmed the claim and withdrew it: the older rejection still shows."""
    oldest = desk.submit(seed_text(SEED))
    flag = _first(oldest, "anonymous_source")
    _decide(desk, oldest, flag, "reject", "named below")
    for _ in range(3):
        item = desk.submit(seed_text(SEED))
        url = f"/review/items/{item['id']}/claims/{flag['claim_id']}/decision"
        for decision in ("confirm", "withdraw"):
            assert desk.post(url, json={"decision": decision}).status_code == 200
    later = desk.submit(seed_text(SEED))
    assert [n["item_id"] for n in later["prior_reviews"]] == [oldest["id"]]
    assert _same_flag(later, flag)["rejected_before"][0]["reason"] == "named below"


def test_a_duplicate_decision_carries_nothing(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    loaded = [f for f in first["flags"] if f["type"] == "loaded_language"]
    twins = next(
        (a, b)
        for a in loaded
        for b in loaded
        if a["id"] != b["id"] and a["claim_id"] == b["claim_id"]
    )
    url = f"/review/items/{first['id']}/flags/{twins[0]['id']}/decision"
    body = {"decision": "duplicate", "duplicate_of": twins[1]["id"]}
    assert desk.post(url, json=body).status_code == 200
    assert desk.submit(seed_text(SEED))["prior_reviews"] == []


def _read_counting(desk: Desk, item_id: str) -> tuple[ItemView, list[str]]:
    """The item as the API reads it, with the statements that read ran on its own connection
    (the app's workers share the engine: theirs are not counted)."""
    seen: list[str] = []
    engine = desk.services.database.engine
    with desk.services.database.session() as session:
        connection = session.connection()

        def count(conn: Connection, cursor: Any, statement: str, *rest: Any) -> None:
            if conn is connection:
                seen.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            view = item_view(session, load_item(session, item_id))
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return view, seen


def test_reading_an_item_costs_the_same_queries_whatever_the_number_of_other_items(
    desk: Desk,
) -> None:
    """No query per other item or per claim: two other items or five, decided before this one
    was analysed or after, returned, approved or open, the read is the same statements."""
    later = desk.submit(seed_text(SEED))

    def decided_item() -> dict[str, Any]:
        item = desk.submit(seed_text(SEED))
        for flag_type in ("loaded_language", "anonymous_source"):
            _decide(desk, item, _first(item, flag_type), "reject", "not here")
        return item

    def returned_item() -> dict[str, Any]:
        item = decided_item()
        desk.post(f"/review/items/{item['id']}/return", json={"note": "rewrite"})
        return item

    _approve(desk, decided_item())
    returned = returned_item()
    view, two = _read_counting(desk, later["id"])
    assert {n.item_id for n in view.prior_reviews} >= {returned["id"]}
    decided_item(), decided_item()
    newest = returned_item()
    view, five = _read_counting(desk, later["id"])
    assert newest["id"] in {n.item_id for n in view.prior_reviews}  # among equals, the newest
    assert len(view.prior_reviews) == 2 * 3  # two claims, each with its three most similar
    assert len(five) == len(two), "\n=====\n".join(five) + "\n#####\n" + "\n=====\n".join(two)


def test_the_desk_says_provisional_and_links_the_rejection(sqlite_desk: Desk) -> None:
    first = sqlite_desk.submit(seed_text(SEED))
    flag = _first(first, "loaded_language")
    _decide(sqlite_desk, first, flag, "reject", "a plain word here")
    second = sqlite_desk.submit(seed_text(SEED))
    again = _same_flag(second, flag)
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{second['id']}").text
    entry = page.split(f'id="flag-{again["id"]}"', 1)[1].split("</li>", 1)[0]
    words = html.escape(flag["text"], quote=False)
    assert f"Rejected before on the same claim: editor-key rejected “{words}”" in entry
    assert f'<a href="/desk/items/{first["id"]}#flag-{flag["id"]}">item {first["id"][:8]}</a>' in (
        entry
    )
    assert "“a plain word here”" in entry
    assert '<span class="standing s-provisional">provisional</span>' in entry
    assert "that item is not approved yet" in entry
    notes = page.split(f'id="claim-notes-{again["claim_id"]}"', 1)[1].split("</div>", 1)[0]
    assert "Reviewed before in" in notes and "s-provisional" in notes
    assert f"editor-key rejected “loaded language” for “{words}”" in notes
    # The earlier flag's anchor is on the earlier item's page.
    assert f'id="flag-{flag["id"]}"' in sqlite_desk.client.get(f"/desk/items/{first['id']}").text

    sqlite_desk.post(f"/review/items/{first['id']}/return", json={"note": "needs a rewrite"})
    page = sqlite_desk.client.get(f"/desk/items/{second['id']}").text
    entry = page.split(f'id="flag-{again["id"]}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="standing s-returned">returned</span>' in entry
    assert "that item was returned by editor-key on" in entry and "“needs a rewrite”" in entry
