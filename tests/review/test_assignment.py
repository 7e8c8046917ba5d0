"""Items given to editors: one or many at once, reassigned, taken back; only to active editors
and admins, only while open; each change in the audit chain; "assigned to me" in the queue and
on the desk, where an editor with open items lands."""

from typing import Any

from service.auth.keys import create_key
from service.review.integrity import verify_review_state
from service.store import verify_chain
from service.store.models import utcnow
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"
EDITOR, ADMIN = "editor-key", "admin-key"


def _assign(desk: Desk, item_id: str, assignee: str | None, note: str = "", **kw: Any) -> Any:
    body = {"assignee": assignee, "note": note}
    return desk.post(f"/review/items/{item_id}/assignment", json=body, **kw)


def _queue(desk: Desk, **filters: Any) -> list[str]:
    return [entry["id"] for entry in desk.get("/review/items", **filters).json()["items"]]


def _trail(desk: Desk, item_id: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = desk.get(f"/review/items/{item_id}/audit").json()["entries"]
    return entries


def test_an_item_is_given_reassigned_and_taken_back_in_the_trail(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    given = _assign(desk, item["id"], EDITOR, "check the casualty figures")
    assert given.status_code == 200, given.text
    assignment = given.json()["assignment"]
    assert (assignment["assigned_to"], assignment["assigned_by"]) == (EDITOR, EDITOR)
    assert assignment["note"] == "check the casualty figures"
    assert _queue(desk, assignee=EDITOR) == [item["id"]]
    assert _queue(desk, assignee=ADMIN) == []
    assert desk.get("/review/items").json()["items"][0]["assigned_to"] == EDITOR

    assert (
        _assign(desk, item["id"], ADMIN, "you know the region").json()["assignment"]["assigned_to"]
        == ADMIN
    )
    assert _queue(desk, assignee=EDITOR) == []
    taken_back = _assign(desk, item["id"], None)
    assert taken_back.json()["assignment"] is None

    details = [
        (e["action"], e["detail"]) for e in _trail(desk, item["id"]) if "assign" in e["action"]
    ]
    assert details == [
        ("item.assigned", f"to {EDITOR}: check the casualty figures"),
        ("item.assigned", f"to {ADMIN} (was {EDITOR}): you know the region"),
        ("item.unassigned", f"taken back (was {ADMIN})"),
    ]
    with desk.services.database.session() as session:
        assert verify_chain(session) == [] and verify_review_state(session) == []


def test_three_items_are_assigned_at_once_or_none_is(desk: Desk) -> None:
    items = [desk.submit(seed_text(SEED), title=f"story {n}")["id"] for n in range(3)]
    done = desk.post("/review/assignments", json={"item_ids": items, "assignee": EDITOR})
    assert done.status_code == 200, done.text
    assert {i["item_id"] for i in done.json()["items"]} == set(items)
    assert sorted(_queue(desk, assignee=EDITOR)) == sorted(items)

    approved = desk.submit(seed_text(SEED), title="already out")
    desk.decide_all(approved["id"])
    assert desk.post(f"/review/items/{approved['id']}/approve").status_code == 200
    mixed = desk.post(
        "/review/assignments", json={"item_ids": [*items, approved["id"]], "assignee": ADMIN}
    )
    assert (mixed.status_code, mixed.json()["error"]) == (409, "invalid_transition")
    assert approved["id"] in mixed.json()["detail"]
    assert _queue(desk, assignee=ADMIN) == []  # none of the open ones moved either
    unknown = desk.post(
        "/review/assignments", json={"item_ids": [*items, "nosuchitem"], "assignee": ADMIN}
    )
    assert unknown.status_code == 404
    assert _queue(desk, assignee=ADMIN) == []


def test_only_active_editors_and_admins_are_given_items(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    with desk.services.database.session() as session:
        key, _ = create_key(session, "gone-editor", "editor")
        key.revoked_at = utcnow()
    for name in ("submitter-key", "nobody", "gone-editor"):
        refused = _assign(desk, item["id"], name)
        assert (refused.status_code, refused.json()["error"]) == (422, "invalid_assignee"), name
    assert _assign(desk, item["id"], " ").status_code == 422  # blank is no name
    forbidden = _assign(desk, item["id"], ADMIN, role="submitter")
    assert (forbidden.status_code, forbidden.json()["error"]) == (403, "forbidden")
    assert desk.get(f"/review/items/{item['id']}").json()["assignment"] is None


def test_the_desk_assigns_ticked_items_and_the_assignee_lands_on_them(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    items = [desk.submit(seed_text(SEED), title=f"story {n}")["id"] for n in range(3)]
    desk.login("admin")
    queue = desk.client.get("/desk/")
    assert 'id="view-all" aria-current="page"' in queue.text  # nothing assigned to the admin
    assert f'<option value="{EDITOR}">' in queue.text
    sent = desk.client.post(
        "/desk/assign",
        data={
            "csrf_token": desk.csrf_token,
            "item_ids": items[:2],
            "assignee": EDITOR,
            "note": "tonight's shift",
            "back": "/desk/?assigned=all",
        },
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert (sent.status_code, sent.headers["location"]) == (303, "/desk/?assigned=all")
    nothing = desk.form("/desk/assign", {"assignee": EDITOR}, follow_redirects=False)
    assert "error=" in nothing.headers["location"]  # no item ticked: refused in words

    desk.login("editor")
    landing = desk.client.get("/desk/")
    assert 'id="view-mine" aria-current="page"' in landing.text
    assert "Assigned to me (2 open)" in landing.text
    for item_id in items[:2]:
        assert f'href="/desk/items/{item_id}"' in landing.text
    assert f'href="/desk/items/{items[2]}"' not in landing.text
    page = desk.client.get(f"/desk/items/{items[0]}")
    assert f"Assigned to <strong>{EDITOR}</strong> by {ADMIN}" in page.text
    assert "tonight’s shift" in page.text or "tonight&#39;s shift" in page.text
