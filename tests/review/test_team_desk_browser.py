"""The desk as a team uses it, in Debian's Chromium at a laptop's and a phone's width: three
items assigned at once from the queue (the editor then lands on them), a comment with a mention
(shown in the mentioned editor's view), a search by a word of an article's text, the printable
verification report (on screen and on paper), the whole audit trail an admin narrows, and a
flag raised again after a colleague rejected it on the same claim (provisional, linked).
Screenshots and the printed PDF land in artifacts/."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser import LiveDesk, browser_key, csp_violations, served_desk
from tests.conftest import ROOT, seed_text

pytestmark = pytest.mark.browser

SEED = "000_7164c3a58de98ac3.txt"
CONTRADICTORY = "001_100bbb814b795ab1.txt"
ARTIFACTS = ROOT / "artifacts"
EDITOR = "browser-editor"


@pytest.fixture(scope="module")
def desk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return tmp_path_factory.mktemp("team")


@pytest.fixture(scope="module")
def desk(desk_dir: Path) -> Iterator[LiveDesk]:
    with served_desk(desk_dir) as desk:
        yield desk


@pytest.fixture(scope="module")
def admin_key(desk: LiveDesk, desk_dir: Path) -> str:
    return browser_key(desk_dir, "browser-admin", "admin")


def _submitted(desk: LiveDesk, titles: list[str], seed: str = SEED, **article: str) -> list[str]:
    """Items of `seed` with these titles, once analysed (fast mode)."""
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        ids = []
        for title in titles:
            text = {"text": seed_text(seed), "title": title, **article}
            ids.append(
                api.post("/review/items", json={"article": text, "mode": "fast"}).json()["id"]
            )
        deadline = time.monotonic() + 120  # the first analysis starts an evidence worker
        for item_id in ids:
            while not api.get(f"/review/items/{item_id}/progress").json()["finished"]:
                assert time.monotonic() < deadline, f"item {item_id} was not analysed"
                time.sleep(0.1)
        return ids


def test_three_items_are_assigned_at_once_and_the_editor_lands_on_them(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    titles = [f"Shift story {n} at {width}" for n in range(3)]
    ids = _submitted(desk, titles)
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", desk.editor_key)
    page.click("#login")
    page.goto(f"{desk.url}/desk/?assigned=all")
    for title in titles:
        page.get_by_label(f"select {title}").check()
    page.select_option("#bulk-assignee", EDITOR)
    page.fill("#bulk-note", "tonight's shift")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"assign-ticked-{width}.png"), full_page=False)
    page.click("#bulk-assign-button")

    for item_id in ids:
        row = page.locator(f'tr:has(a[href="/desk/items/{item_id}"])')
        expect(row.locator(".assignee")).to_have_text(EDITOR)
    page.goto(f"{desk.url}/desk/")  # where the editor lands: their own open items
    expect(page.locator("#view-mine")).to_have_attribute("aria-current", "page")
    for item_id in ids:
        expect(page.locator(f'a[href="/desk/items/{item_id}"]')).to_be_visible()
    page.goto(f"{desk.url}/desk/items/{ids[0]}")
    expect(page.locator("#assigned-to")).to_contain_text(f"Assigned to {EDITOR} by {EDITOR}")
    expect(page.locator("#assigned-to")).to_contain_text("tonight's shift")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#assignment").screenshot(path=str(ARTIFACTS / f"assign-item-{width}.png"))
    assert blocked == []


def test_a_comment_with_a_mention_shows_in_the_mentioned_editors_view(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    (item_id,) = _submitted(desk, [f"Thread story at {width}"])
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", desk.editor_key)
    page.click("#login")
    page.goto(f"{desk.url}/desk/items/{item_id}#discussion")
    text = f"@{EDITOR} check the toll against the ministry's at {width} px"
    page.fill("#comment-text", text)
    page.locator("#comment-claim").select_option(index=1)  # the first claim
    page.click("#comment-send")

    comment = page.locator("ol.thread li.comment").last
    expect(comment).to_contain_text(text)
    expect(comment).to_contain_text("on claim")
    expect(page.locator("#comment-text")).to_have_value("")  # sent, so no draft is put back
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#discussion").screenshot(path=str(ARTIFACTS / f"comment-{width}.png"))

    page.goto(f"{desk.url}/desk/")
    mention = page.locator("#mentions li", has_text=text)
    expect(mention).to_be_visible()
    mention.locator("a").click()
    expect(page.locator("ol.thread li.comment", has_text=text)).to_be_in_viewport()
    assert blocked == []


def test_a_search_finds_an_item_by_a_word_of_its_text(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    (item_id,) = _submitted(desk, [f"Search story at {width}"])
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", desk.editor_key)
    page.click("#login")
    page.goto(f"{desk.url}/desk/?assigned=all")
    page.fill("#search", "aleisk engels")  # words of the seed's text, not of its title
    page.click("#search-button")
    expect(page.locator(f'a[href="/desk/items/{item_id}"]')).to_be_visible()
    assert "q=aleisk+engels" in page.url  # the search is an address to share
    page.fill("#search", "nosuchwordanywhere")
    page.click("#search-button")
    expect(page.locator("#queue tbody")).to_contain_text("No item holds every word")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"search-{width}.png"), full_page=False)
    assert blocked == []


def _approved_item(desk: LiveDesk) -> dict[str, Any]:
    """The contradictory seed analysed, every flag and contradiction decided, approved."""
    (item_id,) = _submitted(desk, ["Oleshky"], CONTRADICTORY, outlet="Wire")
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        base = f"/review/items/{item_id}"
        gate = api.post(f"{base}/start").json()["gate"]
        for flag in gate["undecided_flags"]:
            api.post(f"{base}/flags/{flag}/decision", json={"decision": "accept"})
        for contradiction in gate["open_contradictions"]:
            api.post(f"{base}/contradictions/{contradiction}/decision", json={"decision": "accept"})
        approved = api.post(f"{base}/approve")
        assert approved.status_code == 200, approved.text
        export: dict[str, Any] = api.get(f"{base}/export").json()
        return export


def test_the_report_reads_on_screen_and_prints_alone(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    export = _approved_item(desk)
    item = export["item"]
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", desk.editor_key)
    page.click("#login")
    page.goto(f"{desk.url}/desk/items/{item['id']}")
    page.click("#report-link")

    report = page.get_by_role("article", name="Verification report")
    expect(report.locator("h1")).to_have_text("Verification report: Oleshky")
    expect(report.locator("ol.claims > li")).to_have_count(len(item["verify"]["claims"]))
    expect(report).to_contain_text(f"Contradictions ({len(item['verify']['contradictions'])})")
    expect(page.locator("#audit-digest")).to_have_text(export["audit"][-1]["hash"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"report-{width}.png"), full_page=False)

    # On paper: no page furniture, the report alone.
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator(".print-bar")).to_be_hidden()
    expect(report).to_be_visible()
    pdf = ARTIFACTS / f"report-{width}.pdf"
    page.pdf(path=str(pdf), width=f"{width}px")
    assert pdf.stat().st_size > 0
    assert blocked == []


def test_an_admin_narrows_the_whole_audit_trail(
    desk: LiveDesk, admin_key: str, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    (item_id,) = _submitted(desk, [f"Audit story at {width}"])
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", admin_key)
    page.click("#login")
    page.click("header.top a[href='/desk/audit']")
    page.fill("#audit-item", item_id)
    page.select_option("#audit-action", "item.submitted")
    page.click("#audit-filter")
    entries = page.locator("#trail li")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(EDITOR)
    expect(entries.first.locator(f'a[href="/desk/items/{item_id}"]')).to_be_visible()
    assert f"item={item_id}" in page.url  # the narrowed trail is an address to share
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"audit-{width}.png"), full_page=False)
    assert blocked == []


def test_a_flag_raised_again_says_a_colleague_rejected_it_and_links_there(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    first_id, second_id = _submitted(desk, [f"First version at {width}", f"Rewrite at {width}"])
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    reason = f"a plain word in this story ({width} px)"
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        first, second = (api.get(f"/review/items/{i}").json() for i in (first_id, second_id))
        rejected = next(f for f in first["flags"] if f["type"] == "loaded_language")
        url = f"/review/items/{first_id}/flags/{rejected['id']}/decision"
        assert api.post(url, json={"decision": "reject", "note": reason}).status_code == 200
    again = next(
        f
        for f in second["flags"]
        if (f["type"], f["start"]) == (rejected["type"], rejected["start"])
    )
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", desk.editor_key)
    page.click("#login")
    page.goto(f"{desk.url}/desk/items/{second_id}")

    entry = page.locator(f"#flag-{again['id']}")
    line = entry.locator(".rejected-before").first  # newest first
    expect(line).to_contain_text(f"Rejected before on the same claim: {EDITOR} rejected")
    expect(line).to_contain_text(reason)
    expect(line.locator(".standing")).to_have_text("provisional")
    expect(line).to_contain_text("that item is not approved yet")
    note = page.locator(f"#claim-notes-{again['claim_id']} .prior-review").first
    expect(note.locator(".standing")).to_have_text("provisional")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    entry.scroll_into_view_if_needed()
    entry.screenshot(path=str(ARTIFACTS / f"rejected-before-{width}.png"))
    if width < 900:  # one column: a tap on the words explains the flag, the rejection with it
        page.locator(f'#article mark[data-flags~="{again["id"]}"]').first.click()
        expect(page.locator("#flag-peek")).to_contain_text(reason)
        page.locator("#flag-peek").screenshot(path=str(ARTIFACTS / f"rejected-peek-{width}.png"))
        page.locator("#flag-peek .close").click()

    line.locator("a").click()
    expect(page).to_have_url(f"{desk.url}/desk/items/{first_id}#flag-{rejected['id']}")
    expect(page.locator(f"#flag-{rejected['id']}")).to_contain_text(reason)
    expect(page.locator(f"#flag-{rejected['id']}")).to_be_in_viewport()
    assert blocked == []
