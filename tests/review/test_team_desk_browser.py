"""The desk as a team uses it, in Debian's Chromium at a laptop's and a phone's width: three
items assigned at once from the queue (the editor then lands on them), a comment with a mention
(shown in the mentioned editor's view), a search by a word of an article's text. Screenshots
land in artifacts/."""

import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import LiveDesk, chromium, csp_violations, served_desk
from tests.conftest import ROOT, seed_text

pytestmark = pytest.mark.browser

SEED = "000_7164c3a58de98ac3.txt"
ARTIFACTS = ROOT / "artifacts"
WIDTHS = {1366: 768, 390: 844}
EDITOR = "browser-editor"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDesk]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with served_desk(tmp_path_factory.mktemp("assign")) as desk:
        yield desk


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(params=sorted(WIDTHS, reverse=True), ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def page(browser: Browser, width: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()


def _submitted(desk: LiveDesk, titles: list[str]) -> list[str]:
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        ids = []
        for title in titles:
            body = {"article": {"text": seed_text(SEED), "title": title}, "mode": "fast"}
            ids.append(api.post("/review/items", json=body).json()["id"])
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
