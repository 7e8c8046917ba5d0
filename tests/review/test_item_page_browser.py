"""The item page for people, in Debian's Chromium at a laptop's and a phone's width.

One desk serves the module; each test submits its own item (`fast` mode: no model), on the seed
article with the most flags, and reads the page at 1366 and at 390 px. Screenshots land in
artifacts/.
"""

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser import LiveDesk, csp_violations, log_in, served_desk
from tests.conftest import ROOT, seed_text

pytestmark = pytest.mark.browser

MANY_FLAGS = "001_100bbb814b795ab1.txt"
"""The seed article with the most flags in fast mode (28, on 19 claims)."""
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDesk]:
    data_dir = tmp_path_factory.mktemp("item-page")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with served_desk(data_dir) as desk:
        yield desk


def _api(desk: LiveDesk) -> httpx.Client:
    return httpx.Client(
        base_url=desk.url, headers={"Authorization": f"Bearer {desk.editor_key}"}, timeout=30
    )


def _analysed_item(desk: LiveDesk) -> dict[str, Any]:
    """A new item of the many-flags seed, once its analysis is done."""
    with _api(desk) as api:
        body = {"article": {"text": seed_text(MANY_FLAGS), "title": "Aleisk"}, "mode": "fast"}
        created = api.post("/review/items", json=body)
        assert created.status_code == 201, created.text
        item_id = created.json()["id"]
        for _ in range(600):
            if api.get(f"/review/items/{item_id}/progress").json()["finished"]:
                item: dict[str, Any] = api.get(f"/review/items/{item_id}").json()
                assert item["analysis_state"] == "done", item["error"]
                return item
            time.sleep(0.05)
        raise AssertionError(f"item {item_id} was not analysed")


def _open_item(page: Page, desk: LiveDesk, item: dict[str, Any]) -> None:
    log_in(page, desk)
    page.goto(f"{desk.url}/desk/items/{item['id']}")
    expect(page.locator("#item-status")).to_be_visible()


def _no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _in_viewport(element: Locator) -> bool:
    """Wholly on screen and not under the sticky bar at the top."""
    return bool(
        element.evaluate(
            """(el) => {
                const box = el.getBoundingClientRect();
                const bar = document.getElementById("item-nav").getBoundingClientRect();
                return box.top >= bar.bottom - 1 && box.bottom <= window.innerHeight + 1
                    && box.left >= 0 && box.right <= window.innerWidth + 1;
            }"""
        )
    )


def _current_index(page: Page) -> int:
    classes = page.locator("li.flag").evaluate_all("fs => fs.map(f => f.className)")
    current = [n for n, names in enumerate(classes) if "current" in names.split()]
    return current[0] if len(current) == 1 else -1


def _flag_ids_in_page_order(page: Page) -> list[int]:
    return [
        int(i) for i in page.locator("li.flag").evaluate_all("fs => fs.map(f => f.dataset.flag)")
    ]


def test_the_item_page_fits_the_screen_with_a_colour_key_and_key_help(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    assert len(item["flags"]) >= 25
    _open_item(page, desk, item)

    assert _no_sideways_scroll(page), page.evaluate("document.documentElement.scrollWidth")
    key = page.locator("#colour-key")
    expect(key).to_be_visible()
    for label in ("Sourcing", "Certainty", "Wording", "Contradiction", "Claim in a contradiction"):
        expect(key.get_by_text(label, exact=True)).to_be_visible()
    # Families differ in colour, and contradictions are not loaded language's yellow.
    colours = key.locator(".swatch").evaluate_all(
        "ss => ss.map(s => getComputedStyle(s).backgroundColor)"
    )
    assert len(set(colours[:6])) == 6, colours
    # The summary editor is reached from the bar at the top, without scrolling past the flags.
    page.locator("#item-nav a[href='#summary']").click()
    expect(page.locator("#summary-text")).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"item-{width}.png"))
    page.screenshot(path=str(ARTIFACTS / f"item-{width}-full.png"), full_page=True)

    page.keyboard.press("?")
    expect(page.locator("#key-help")).to_be_visible()
    expect(page.locator("#key-help")).to_contain_text("accept the current flag")
    page.screenshot(path=str(ARTIFACTS / f"item-keys-{width}.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#key-help")).to_be_hidden()
    assert _no_sideways_scroll(page)

    # Claims nothing flags are folded below the flags, each with its confirm control.
    unflagged = page.locator("#unflagged-claims")
    unflagged.locator("summary").click()
    expect(unflagged.locator("button[value=confirm]").first).to_be_visible()
    assert _no_sideways_scroll(page)
    unflagged.screenshot(path=str(ARTIFACTS / f"item-unflagged-{width}.png"))
    assert blocked == []


def test_the_current_flag_stays_in_view_after_any_number_of_j(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    count = len(item["flags"])
    _open_item(page, desk, item)
    pressed = 0
    for presses in (1, 5, 15, 40):
        while pressed < presses:
            page.keyboard.press("j")
            pressed += 1
        assert _current_index(page) == (presses - 1) % count  # wraps after the last
        current = page.locator("li.flag.current")
        assert _in_viewport(current), f"flag not in view after {presses} × j"
        if width > 900:  # the article beside the list: its words are in view too
            assert _in_viewport(page.locator("#article mark.current").first)
    page.screenshot(path=str(ARTIFACTS / f"item-after-40-j-{width}.png"))

    page.reload()
    page.keyboard.press("k")  # no current flag yet: k goes to the last
    assert _current_index(page) == count - 1
    assert _in_viewport(page.locator("li.flag.current"))
    page.keyboard.press("j")  # and j from the last wraps to the first
    assert _current_index(page) == 0

    note = page.locator("li.flag.current input[name=note]")
    note.click()
    page.keyboard.type("jka")  # typed into the note, not taken as keys
    expect(note).to_have_value("jka")
    assert _current_index(page) == 0
    assert page.locator("li.flag.accept").count() == 0
    assert blocked == []


def test_a_decides_without_a_reload_and_moves_to_the_next_undecided_flag(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    _open_item(page, desk, item)
    order = _flag_ids_in_page_order(page)
    with _api(desk) as api:  # the second flag is decided already: `a` on the first skips it
        path = f"/review/items/{item['id']}/flags/{order[1]}/decision"
        assert api.post(path, json={"decision": "reject"}).status_code == 200
    page.reload()
    page.evaluate("window.__marker = 'same page'")

    page.keyboard.press("j")
    page.keyboard.press("a")
    first = page.locator(f"#flag-{order[0]}")
    expect(first).to_have_class(re.compile(r"\baccept\b"))
    expect(page.locator("li.flag.current")).to_have_id(f"flag-{order[2]}")
    assert _in_viewport(page.locator("li.flag.current"))
    page.keyboard.press("r")
    expect(page.locator(f"#flag-{order[2]}")).to_have_class(re.compile(r"\breject\b"))
    expect(page.locator("li.flag.current")).to_have_id(f"flag-{order[3]}")

    assert page.evaluate("window.__marker") == "same page"  # no navigation happened
    expect(page.locator("#item-status")).to_have_text("in_review")
    expect(page.locator("#undecided-count")).to_have_text(str(len(order) - 3))
    with _api(desk) as api:
        stored = {
            f["id"]: f["decision"] for f in api.get(f"/review/items/{item['id']}").json()["flags"]
        }
    assert (stored[order[0]], stored[order[2]]) == ("accept", "reject")
    page.screenshot(path=str(ARTIFACTS / f"item-decided-{width}.png"))
    assert blocked == []


def test_a_flag_decided_elsewhere_meanwhile_shows_a_plain_message(
    desk: LiveDesk, page: Page, width: int
) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    _open_item(page, desk, item)
    first = _flag_ids_in_page_order(page)[0]
    with _api(desk) as api:  # another editor decides it after this page was loaded
        path = f"/review/items/{item['id']}/flags/{first}/decision"
        assert api.post(path, json={"decision": "accept"}).status_code == 200

    page.keyboard.press("j")
    page.keyboard.press("r")
    message = page.locator(f"#flag-{first} .flag-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("someone else decided this flag after this page was loaded")
    assert "{" not in message.inner_text() and "version" not in message.inner_text()
    assert _in_viewport(message)
    expect(page.locator(f"#flag-{first}")).not_to_have_class(re.compile(r"\breject\b"))
    page.screenshot(path=str(ARTIFACTS / f"item-conflict-{width}.png"))
    assert blocked == []


def test_a_tap_on_a_highlight_explains_it(desk: LiveDesk, page: Page, width: int) -> None:
    blocked = csp_violations(page)
    item = _analysed_item(desk)
    _open_item(page, desk, item)
    mark = page.locator("#article mark.flag").first
    flag_id = mark.get_attribute("data-flags").split()[0]  # type: ignore[union-attr]
    mark.click()
    expect(page.locator(f"#flag-{flag_id}")).to_have_class(re.compile(r"\bcurrent\b"))
    detail = page.locator(f"#flag-{flag_id} .flag-detail").inner_text()
    if width > 900:  # the list is beside the article
        assert _in_viewport(page.locator(f"#flag-{flag_id}"))
    else:  # a phone: the explanation comes up over the article's foot, the page stays put
        expect(page.locator("#flag-peek")).to_be_visible()
        expect(page.locator("#flag-peek")).to_contain_text(detail.strip()[:40])
        page.screenshot(path=str(ARTIFACTS / f"item-tap-{width}.png"))
    assert blocked == []
