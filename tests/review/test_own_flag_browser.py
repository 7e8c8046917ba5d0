"""An editor's own flag made in Debian's Chromium by mouse, by touch and by keys, and a summary
edit that outlives its session, at a laptop's and a phone's width. Screenshots in artifacts/.

Each test submits its own item (`fast`: no model) and checks what the store kept through the
API: the words are the article's own, at the offsets the page worked out.
"""

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from service.store import Database
from service.store.models import DeskSession, utcnow
from tests.browser import VIEWPORTS, LiveDesk, csp_violations, log_in, served_desk
from tests.conftest import REPLAY_BASE_URL, ROOT, model_settings, seed_text

pytestmark = pytest.mark.browser

SEED = "000_7164c3a58de98ac3.txt"
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("own-flag")


@pytest.fixture(scope="module")
def desk(data_dir: Path) -> Iterator[LiveDesk]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with served_desk(data_dir) as desk:
        yield desk


def _page(browser: Browser, width: int, touch: bool = False) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": width, "height": VIEWPORTS[width]}, has_touch=touch, is_mobile=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, width: int) -> Iterator[Page]:
    """The shared page fixture's, with this module's shorter timeout and `touch_page` beside it."""
    yield from _page(browser, width)


@pytest.fixture
def touch_page(browser: Browser, width: int) -> Iterator[Page]:
    """Touch emulated through the DevTools protocol: taps arrive as touch events."""
    yield from _page(browser, width, touch=True)


def _api(desk: LiveDesk) -> httpx.Client:
    return httpx.Client(
        base_url=desk.url, headers={"Authorization": f"Bearer {desk.editor_key}"}, timeout=30
    )


def _analysed_item(desk: LiveDesk) -> dict[str, Any]:
    with _api(desk) as api:
        body = {"article": {"text": seed_text(SEED), "title": "Aleisk"}, "mode": "fast"}
        created = api.post("/review/items", json=body)
        assert created.status_code == 201, created.text
        item_id = created.json()["id"]
        for _ in range(1200):
            if api.get(f"/review/items/{item_id}/progress").json()["finished"]:
                item: dict[str, Any] = api.get(f"/review/items/{item_id}").json()
                assert item["analysis_state"] == "done", item["error"]
                return item
            time.sleep(0.05)
        raise AssertionError(f"item {item_id} was not analysed")


def _open(page: Page, desk: LiveDesk, item: dict[str, Any]) -> None:
    log_in(page, desk)
    page.goto(f"{desk.url}/desk/items/{item['id']}")
    expect(page.locator("#item-status")).to_be_visible()


def _own_flags(desk: LiveDesk, item: dict[str, Any]) -> list[dict[str, Any]]:
    with _api(desk) as api:
        flags = api.get(f"/review/items/{item['id']}").json()["flags"]
    return [f for f in flags if f["detector"] == "editor"]


def _word_boxes(page: Page, words: str) -> tuple[dict[str, float], dict[str, float]]:
    """The screen boxes of the first and last character of `words` in the article, scrolled
    into view."""
    boxes: list[dict[str, float]] = page.evaluate(
        """(words) => {
            const article = document.getElementById("article");
            const at = article.textContent.indexOf(words);
            const point = (offset) => {
                const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
                let seen = 0, node;
                while ((node = walker.nextNode())) {
                    if (seen + node.length > offset) return [node, offset - seen];
                    seen += node.length;
                }
            };
            const box = (node, offset) => {
                const range = document.createRange();
                range.setStart(node, offset);
                range.setEnd(node, offset + 1);
                const r = range.getBoundingClientRect();
                return { x: r.x, y: r.y, width: r.width, height: r.height };
            };
            let [first, firstAt] = point(at);
            // Into the middle of what scrolls the article (its pane, or the page), through a
            // marker put there for a moment.
            const marker = document.createElement("span");
            const range = document.createRange();
            range.setStart(first, firstAt);
            range.insertNode(marker);
            marker.scrollIntoView({ block: "center" });
            marker.remove();
            article.normalize();
            [first, firstAt] = point(at);
            const [last, lastAt] = point(at + words.length - 1);
            return [box(first, firstAt), box(last, lastAt)];
        }""",
        words,
    )
    return boxes[0], boxes[1]


def _centre(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _assert_flagged(
    desk: LiveDesk, page: Page, item: dict[str, Any], words: str, kind: str
) -> None:
    expect(page).to_have_url(re.compile(r"#flag-\d+$"))
    (flag,) = _own_flags(desk, item)
    text = item["article"]["text"]
    assert (flag["text"], flag["type"], flag["decision"]) == (words, kind, "accept")
    assert text[flag["start"] : flag["end"]] == words and flag["start"] == text.index(words)
    entry = page.locator(f"#flag-{flag['id']}")
    expect(entry).to_contain_text(words)
    expect(entry).to_contain_text("editor")


def test_an_editor_flags_words_selected_with_the_mouse(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    _open(page, desk, item)
    words = "seemingly ordinary afternoon"
    first, last = _word_boxes(page, words)
    page.mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] - 1, last["y"] + last["height"] / 2, steps=8)
    page.mouse.up()
    expect(page.locator("#own-flag-words")).to_have_text(words)
    page.select_option("#own-flag-type", "loaded_language")
    page.fill("#own-flag-note", "makes an ordinary day sound ominous")
    page.screenshot(path=str(ARTIFACTS / f"own-flag-mouse-{width}.png"))
    page.click("#own-flag-add")
    _assert_flagged(desk, page, item, words, "loaded_language")
    page.screenshot(path=str(ARTIFACTS / f"own-flag-added-{width}.png"))
    assert blocked == []


def test_an_editor_flags_words_tapped_on_a_touch_screen(
    desk: LiveDesk, touch_page: Page, width: int
) -> None:
    page = touch_page
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    _open(page, desk, item)
    words = "harrowing incident"
    page.locator("#word-mode").tap()
    first, last = _word_boxes(page, words)
    page.touchscreen.tap(*_centre(first))
    page.touchscreen.tap(*_centre(last))
    expect(page.locator("#own-flag-words")).to_have_text(words)
    expect(page.locator("#flag-peek")).to_be_hidden()  # a tap picks words, it opens no flag
    page.select_option("#own-flag-type", "loaded_language")
    page.locator("#own-flag-note").tap()
    page.keyboard.type("dramatises a vehicle hit")
    page.screenshot(path=str(ARTIFACTS / f"own-flag-touch-{width}.png"))
    page.locator("#own-flag-add").tap()
    _assert_flagged(desk, page, item, words, "loaded_language")
    assert blocked == []


def test_an_editor_flags_words_with_the_keyboard_alone(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    _open(page, desk, item)
    live = page.locator("#own-flag-live")
    page.keyboard.press("f")  # word mode: the caret is on the article's first word
    expect(page.locator("#article")).to_be_focused()
    for _ in range(60):
        if live.inner_text().startswith("“harrowing”"):
            break
        page.keyboard.press("ArrowRight")
    expect(live).to_contain_text("Picked 1 word: “harrowing”")
    page.keyboard.press("Shift+ArrowRight")
    expect(live).to_contain_text("Picked 2 words: “harrowing incident”")
    outline = page.locator("#article").evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline == "solid"  # the focus is visible
    page.screenshot(path=str(ARTIFACTS / f"own-flag-keys-{width}.png"))
    page.keyboard.press("Enter")
    expect(page.locator("#own-flag-type")).to_be_focused()
    page.keyboard.type("loaded")  # a select takes typed letters
    expect(page.locator("#own-flag-type")).to_have_value("loaded_language")
    page.keyboard.press("Tab")
    expect(page.locator("#own-flag-note")).to_be_focused()
    page.keyboard.type("sets the tone before the facts")
    page.keyboard.press("Tab")
    expect(page.locator("#own-flag-add")).to_be_focused()
    page.keyboard.press("Enter")
    _assert_flagged(desk, page, item, "harrowing incident", "loaded_language")
    assert blocked == []


def _end_sessions(data_dir: Path) -> None:
    """Every desk session expires, as it would after its lifetime."""
    db = Database.from_settings(model_settings(REPLAY_BASE_URL, data_dir=data_dir))
    with db.session() as session:
        session.execute(update(DeskSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.close()


def test_a_summary_edit_outlives_an_expired_session(
    desk: LiveDesk, data_dir: Path, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    _open(page, desk, item)
    edit = "A drone hit a utility vehicle in Aleisk, the governor said; the driver was hurt."
    page.fill("#summary-text", edit)
    _end_sessions(data_dir)  # the session ends while the editor writes
    page.click("#save-summary")

    expect(page.locator("h1")).to_have_text("Log in")
    expect(page.locator("#return-to")).to_be_visible()
    page.fill("#key", desk.editor_key)
    page.click("#login")
    expect(page).to_have_url(f"{desk.url}/desk/items/{item['id']}")
    expect(page.locator("#summary-text")).to_have_value(edit)
    expect(page.locator("#drafts-restored")).to_contain_text("summary")
    page.screenshot(path=str(ARTIFACTS / f"draft-restored-{width}.png"))

    page.click("#save-summary")
    expect(page.locator("#summary-text")).to_have_value(edit)
    with _api(desk) as api:
        assert api.get(f"/review/items/{item['id']}").json()["summary"] == edit
    expect(page.locator("#drafts-restored")).to_have_count(0)  # saved: nothing to put back
    page.reload()
    expect(page.locator("#drafts-restored")).to_have_count(0)
    assert blocked == []


def test_the_page_counts_offsets_as_the_article_was_submitted(
    desk: LiveDesk, browser: Browser
) -> None:
    """A page holds the text in UTF-16 and without the CRs before LFs: an emoji (one code
    point, two UTF-16 units) and two CRLF line ends before the words must not shift the
    offsets the server receives (one and two apart, so neither correction hides the other)."""
    text = (
        "Residents 🌊 fled the coast.\r\nOfficials said the dam was safe.\r\n"
        "A source claimed the town was devastated overnight."
    )
    with _api(desk) as api:
        created = api.post("/review/items", json={"article": {"text": text}, "mode": "fast"})
        item_id = created.json()["id"]
        for _ in range(1200):
            if api.get(f"/review/items/{item_id}/progress").json()["finished"]:
                break
            time.sleep(0.05)
        item = api.get(f"/review/items/{item_id}").json()
    for page in _page(browser, 1366):
        _open(page, desk, item)
        words = "town was devastated"
        first, last = _word_boxes(page, words)
        page.mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
        page.mouse.down()
        page.mouse.move(last["x"] + last["width"] - 1, last["y"] + last["height"] / 2, steps=8)
        page.mouse.up()
        page.select_option("#own-flag-type", "loaded_language")
        page.fill("#own-flag-note", "no one is quoted seeing it")
        page.click("#own-flag-add")
        _assert_flagged(desk, page, item, words, "loaded_language")
