"""An item's thread: comments on the item or a claim, mentions of editors (shown in the
mentioned editor's view), each in the audit chain, in time order beside the decisions."""

from typing import Any

import pytest

from service.review.comments import mentioned
from service.review.integrity import verify_review_state
from service.store import verify_chain
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"
EDITOR, ADMIN = "editor-key", "admin-key"


def _comment(desk: Desk, item_id: str, text: str, **body: Any) -> Any:
    return desk.post(f"/review/items/{item_id}/comments", json={"text": text, **body})


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@admin-key please check the toll", ["admin-key"]),
        ("thanks, @admin-key.", ["admin-key"]),
        ("@admin-key and @editor-key: both of you", ["admin-key", "editor-key"]),
        ("@admin-key @admin-key twice is once", ["admin-key"]),
        ("write to news@admin-key.org", []),  # an e-mail address mentions nobody
        ("@nobody is not a colleague", []),
        ("no mention at all", []),
    ],
)
def test_mentions_are_names_an_item_could_be_given_to(text: str, names: list[str]) -> None:
    assert mentioned(text, {"admin-key", "editor-key"}) == names


def test_a_comment_on_a_claim_mentions_an_editor_and_is_in_the_trail(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    claim = item["verify"]["claims"][0]["id"]
    added = _comment(desk, item["id"], "@admin-key is this figure sourced?", claim_id=claim)
    assert added.status_code == 201, added.text
    comment = added.json()
    assert (comment["author"], comment["claim_id"], comment["mentions"]) == (
        EDITOR,
        claim,
        [ADMIN],
    )
    assert _comment(desk, item["id"], "  ").status_code == 422  # blank is no comment
    missing = _comment(desk, item["id"], "on nothing", claim_id="c999")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    refused = desk.post(
        f"/review/items/{item['id']}/comments", role="submitter", json={"text": "hello"}
    )
    assert refused.status_code == 403

    assert desk.get(f"/review/items/{item['id']}").json()["comments"] == [comment]
    assert desk.get("/review/mentions", role="admin").json()["comments"] == [comment]
    assert desk.get("/review/mentions").json()["comments"] == []
    trail = [e for e in desk.get(f"/review/items/{item['id']}/audit").json()["entries"]]
    (event,) = [e for e in trail if e["action"] == "comment.added"]
    assert event["detail"] == (
        f"comment {comment['id']} on claim {claim} (mentions {ADMIN}): "
        "@admin-key is this figure sourced?"
    )
    with desk.services.database.session() as session:
        assert verify_chain(session) == [] and verify_review_state(session) == []


def test_the_thread_reads_in_time_order_beside_the_decisions(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    item = desk.submit(seed_text(SEED))
    flag = item["flags"][0]
    _comment(desk, item["id"], "first: is this hedge real?")
    desk.post(
        f"/review/items/{item['id']}/flags/{flag['id']}/decision",
        json={"decision": "reject", "note": "a plain fact"},
    )
    _comment(desk, item["id"], "then: agreed, @admin-key")
    desk.login()
    page = desk.client.get(f"/desk/items/{item['id']}").text
    thread = page[page.index('id="discussion"') : page.index('id="audit"')]
    order = [
        thread.index(s)
        for s in ("first: is this hedge real?", "reject: a plain fact", "then: agreed")
    ]
    assert order == sorted(order)

    desk.login("admin")
    queue = desk.client.get("/desk/").text
    assert 'id="mentions"' in queue and "then: agreed, @admin-key" in queue
    sent = desk.form(
        f"/desk/items/{item['id']}/comment",
        {"text": "from the page", "claim_id": item["verify"]["claims"][1]["id"]},
        follow_redirects=False,
    )
    assert sent.headers["location"] == f"/desk/items/{item['id']}#discussion"
    assert desk.get(f"/review/items/{item['id']}").json()["comments"][-1]["author"] == ADMIN
