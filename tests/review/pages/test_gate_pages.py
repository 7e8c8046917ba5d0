"""The approval gate on the desk's pages: a refused approval lists what remains with links to
each, an admin's form approves over it with a reason shown on the item and in the queue, a return
needs a reason, and duplicates and contradictions are decided from the page."""

import re
from typing import Any

from tests.conftest import seed_text
from tests.desk import Desk

CONTRADICTORY = "001_100bbb814b795ab1.txt"


def _started(desk: Desk) -> dict[str, Any]:
    item = desk.submit(seed_text(CONTRADICTORY))
    started: dict[str, Any] = desk.post(f"/review/items/{item['id']}/start").json()
    return started


def test_a_refused_approval_lists_each_flag_and_contradiction_with_its_link(
    sqlite_desk: Desk,
) -> None:
    item = _started(sqlite_desk)
    sqlite_desk.login()
    refused = sqlite_desk.form(f"/desk/items/{item['id']}/approve", follow_redirects=False)
    assert refused.status_code == 303
    assert refused.headers["location"] == f"/desk/items/{item['id']}?gate=refused#gate"
    page = sqlite_desk.client.get(refused.headers["location"]).text
    assert 'class="gate refused" role="alert"' in page
    flags = len(item["flags"])
    assert f"Not approved: {flags} flags undecided and 2 contradictions open." in page
    linked = re.findall(r'<li data-flag="\d+"><a href="#flag-(\d+)">', page)
    assert sorted(map(int, linked)) == sorted(f["id"] for f in item["flags"])
    for x in ("x1", "x2"):
        assert f'<a href="#contradiction-{x}">' in page  # the link ...
        assert f'<li id="contradiction-{x}"' in page  # ... and where it leads
    assert 'id="override-form"' not in page  # editors are told an admin may; no form
    assert "An admin may approve over them, giving a reason." in page
    assert sqlite_desk.get(f"/review/items/{item['id']}").json()["status"] == "in_review"


def test_an_admin_approves_over_it_and_the_reason_shows_on_the_item_and_in_the_queue(
    sqlite_desk: Desk,
) -> None:
    item = _started(sqlite_desk)
    sqlite_desk.login("admin")
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}?gate=refused").text
    assert 'id="override-form"' in page
    url = f"/desk/items/{item['id']}/approve"
    blank = sqlite_desk.form(url, {"override": "1", "override_reason": "  "}).text
    assert "give the reason for approving over what remains" in blank
    reason = "Wire copy already published; corrections desk notified"
    approved = sqlite_desk.form(url, {"override": "1", "override_reason": reason}).text
    assert '<span class="status approved" id="item-status">approved</span>' in approved
    assert f'<blockquote id="override-reason-shown">{reason}</blockquote>' in approved
    assert "admin-key approved it on" in approved
    assert f"because: {reason}" in approved  # the audit trail's row
    queue = sqlite_desk.client.get("/desk/").text
    assert f"over {len(item['flags']) + 2} undecided: {reason}" in queue


def test_the_queue_page_shows_each_items_undecided_count(sqlite_desk: Desk) -> None:
    item = _started(sqlite_desk)
    sqlite_desk.decide_all(item["id"])
    other = sqlite_desk.submit(seed_text(CONTRADICTORY))
    sqlite_desk.login()
    queue = sqlite_desk.client.get("/desk/").text
    undecided = len(other["flags"]) + len(other["verify"]["contradictions"])
    assert queue.count('class="undecided"') == 1  # the decided item shows none
    assert f'<span class="undecided">{undecided} undecided</span>' in queue


def test_a_return_without_a_reason_is_refused_on_the_page(sqlite_desk: Desk) -> None:
    item = _started(sqlite_desk)
    sqlite_desk.login()
    page = sqlite_desk.form(f"/desk/items/{item['id']}/return", {"note": " "}).text
    assert "Not returned: say why it goes back" in page
    assert (
        'name="note" placeholder="why it goes back" aria-label="why it goes back" '
        'data-keep="return-note" required' in page
    )
    assert sqlite_desk.get(f"/review/items/{item['id']}").json()["status"] == "in_review"


def test_a_duplicate_and_a_contradiction_are_decided_from_the_page(sqlite_desk: Desk) -> None:
    item = _started(sqlite_desk)
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    choice = re.search(
        r'aria-label="flag (\d+) repeats">\s*<option value="">repeats…</option>\s*'
        r'<option value="(\d+)">',
        page,
    )
    assert choice, "no flag offers a duplicate choice"
    flag, original = choice.group(1), choice.group(2)
    decided = sqlite_desk.form(
        f"/desk/items/{item['id']}/flags/{flag}",
        {"decision": "duplicate", "duplicate_of": original},
        follow_redirects=False,
    )
    assert decided.headers["location"] == f"/desk/items/{item['id']}#flag-{flag}"
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    assert f'<strong>duplicate</strong> of <a href="#flag-{original}">flag {original}</a>' in page
    unchosen = sqlite_desk.form(
        f"/desk/items/{item['id']}/flags/{original}", {"decision": "duplicate", "duplicate_of": ""}
    ).text
    assert "choose the flag this one repeats" in unchosen

    sqlite_desk.form(
        f"/desk/items/{item['id']}/contradictions/x1", {"decision": "reject", "note": "both hold"}
    )
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    assert re.search(
        r'id="contradiction-x1" class="contradiction decided">.*?<strong>dismissed'
        r"</strong> by editor-key: both hold",
        page,
        re.S,
    )
    gate = page[page.index('id="gate"') : page.index('id="colour-key"')]
    assert '<a href="#contradiction-x1">' not in gate  # no longer in what remains
