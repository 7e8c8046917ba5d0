"""The approval gate in Debian's Chromium at a laptop's and a phone's width: an approval refused
with the list of what remains, an admin's override with its reason in the trail and the queue,
and a flag marked a duplicate of another. Screenshots land in artifacts/."""

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser import LiveDesk, browser_key, csp_violations, served_desk
from tests.conftest import ROOT, seed_text

pytestmark = pytest.mark.browser

CONTRADICTORY = "001_100bbb814b795ab1.txt"
"""The seed article whose report has two contradictions and 27 flags (fast mode)."""
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveDesk, str]]:
    """The served desk, its editor's key (in LiveDesk) and an admin's key."""
    data_dir = tmp_path_factory.mktemp("gate")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    admin = browser_key(data_dir, "browser-admin", "admin")
    with served_desk(data_dir) as desk:
        yield desk, admin


def _started_item(desk: LiveDesk) -> dict[str, Any]:
    """A new item of the contradictory seed, analysed and in review."""
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        body = {"article": {"text": seed_text(CONTRADICTORY), "title": "Oleshky"}, "mode": "fast"}
        created = api.post("/review/items", json=body)
        assert created.status_code == 201, created.text
        item_id = created.json()["id"]
        deadline = time.monotonic() + 120  # the first analysis starts an evidence worker
        while not api.get(f"/review/items/{item_id}/progress").json()["finished"]:
            assert time.monotonic() < deadline, f"item {item_id} was not analysed"
            time.sleep(0.1)
        item: dict[str, Any] = api.post(f"/review/items/{item_id}/start").json()
        assert item["status"] == "in_review", item
        return item


def _log_in(page: Page, desk: LiveDesk, key: str) -> None:
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", key)
    page.click("#login")
    expect(page.locator("h1")).to_have_text("Review queue")


def _no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_approval_is_refused_with_the_list_of_what_remains(
    desk: tuple[LiveDesk, str], page: Page, width: int
) -> None:
    live, _ = desk
    blocked = csp_violations(page)
    item = _started_item(live)
    _log_in(page, live, live.editor_key)
    page.goto(f"{live.url}/desk/items/{item['id']}")
    # One flag decided with the mouse first: it is not in what remains.
    first = page.locator("li.flag").first
    first.locator("button[value=accept]").click()
    expect(first).to_have_class(re.compile(r"\baccept\b"))

    page.click("#approve")

    gate = page.locator("#gate")
    expect(gate).to_have_attribute("role", "alert")
    undecided = len(item["flags"]) - 1
    expect(gate.locator("summary")).to_contain_text(
        f"Not approved: {undecided} flags undecided and 2 contradictions open."
    )
    links = gate.locator("ul.remaining a")
    expect(links).to_have_count(undecided + 2)
    first_id = first.get_attribute("data-flag")
    expect(gate.locator(f'a[href="#flag-{first_id}"]')).to_have_count(0)
    expect(page.locator("#item-status")).to_have_text("in_review")
    expect(gate.locator("#override-form")).to_have_count(0)  # an editor cannot override
    assert _no_sideways_scroll(page), page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / f"gate-refused-{width}.png"), full_page=False)

    # Each link leads to what remains: the contradiction, with its own decision.
    gate.locator('a[href="#contradiction-x1"]').click()
    target = page.locator("#contradiction-x1")
    expect(target).to_be_in_viewport()
    target.locator("button[value=accept]").click()
    expect(page.locator("#contradiction-x1")).to_have_class(re.compile(r"\bdecided\b"))
    expect(page.locator('#gate a[href="#contradiction-x1"]')).to_have_count(0)
    assert blocked == []


def test_an_admin_approves_over_it_with_the_reason_in_the_trail(
    desk: tuple[LiveDesk, str], page: Page, width: int
) -> None:
    live, admin = desk
    blocked = csp_violations(page)
    item = _started_item(live)
    _log_in(page, live, admin)
    page.goto(f"{live.url}/desk/items/{item['id']}")
    page.click("#approve")
    expect(page.locator("#gate")).to_have_attribute("role", "alert")

    reason = f"Published on the wire at {width} px; sourcing checked by phone"
    page.fill("#override-reason", reason)
    page.click("#approve-over")

    expect(page.locator("#item-status")).to_have_text("approved")
    expect(page.locator("#override-reason-shown")).to_have_text(reason)
    row = page.locator("#audit tbody tr", has_text="item.approved")
    expect(row).to_contain_text("browser-admin")
    expect(row).to_contain_text(f"because: {reason}")
    assert _no_sideways_scroll(page), page.evaluate("document.documentElement.scrollWidth")
    page.locator("#gate").screenshot(path=str(ARTIFACTS / f"gate-override-{width}.png"))

    page.goto(f"{live.url}/desk/")
    badge = page.locator(f'tr:has(a[href="/desk/items/{item["id"]}"]) .override')
    expect(badge).to_contain_text(reason[:40])
    expect(badge).to_be_visible()
    assert _no_sideways_scroll(page), page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / f"gate-queue-{width}.png"), full_page=False)
    assert blocked == []


def test_a_flag_is_marked_a_duplicate_of_another(
    desk: tuple[LiveDesk, str], page: Page, width: int
) -> None:
    live, _ = desk
    blocked = csp_violations(page)
    item = _started_item(live)
    _log_in(page, live, live.editor_key)
    page.goto(f"{live.url}/desk/items/{item['id']}")
    entry = page.locator("li.flag:has(select[name=duplicate_of])").first
    flag_id = entry.get_attribute("data-flag")
    select = entry.locator("select[name=duplicate_of]")
    select.scroll_into_view_if_needed()
    original = select.locator("option").nth(1).get_attribute("value")
    select.select_option(original)
    entry.locator("button[value=duplicate]").click()

    expect(entry).to_have_class(re.compile(r"\bduplicate\b"))
    expect(entry.locator(".decision")).to_have_text(f"duplicate of flag {original}")
    assert _no_sideways_scroll(page), page.evaluate("document.documentElement.scrollWidth")
    entry.screenshot(path=str(ARTIFACTS / f"gate-duplicate-{width}.png"))

    page.reload()  # stored, not only shown
    stored = page.locator(f"#flag-{flag_id}")
    expect(stored.locator(".decision")).to_contain_text(f"duplicate of flag {original}")
    expect(page.locator("#audit tbody")).to_contain_text("flag.duplicate")
    expect(page.locator("#audit tbody")).to_contain_text(f"is a duplicate of flag {original}")
    assert blocked == []
