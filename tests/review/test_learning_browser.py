"""The desk that learns, in Debian's Chromium at a laptop's and a phone's width: an admin
applies a proposal editors' rejections made (the next analysis in that outlet no longer raises
the term), then reverts it. Screenshots land in artifacts/."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser import LiveDesk, browser_key, chromium_page, csp_violations, served_desk
from tests.conftest import ROOT
from tests.review.learning import ARTICLES

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
WIDTHS = {1366: 768, 390: 844}
LATER = "A brutal storm hit the coast on Friday, the weather service said."


@pytest.fixture(scope="module")
def desk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return tmp_path_factory.mktemp("learning")


@pytest.fixture(scope="module")
def desk(desk_dir: Path) -> Iterator[LiveDesk]:
    with served_desk(desk_dir) as desk:
        yield desk


@pytest.fixture(scope="module")
def admin_key(desk: LiveDesk, desk_dir: Path) -> str:
    return browser_key(desk_dir, "browser-admin", "admin")


def _analysed(api: httpx.Client, text: str, outlet: str) -> dict[str, Any]:
    body = {"article": {"text": text, "outlet": outlet}, "mode": "fast"}
    item_id = api.post("/review/items", json=body).json()["id"]
    deadline = time.monotonic() + 120  # the first analysis starts an evidence worker
    while not api.get(f"/review/items/{item_id}/progress").json()["finished"]:
        assert time.monotonic() < deadline, f"item {item_id} was not analysed"
        time.sleep(0.1)
    item: dict[str, Any] = api.get(f"/review/items/{item_id}").json()
    return item


def _rejected_in(desk: LiveDesk, outlet: str) -> None:
    """Editors reject "brutal" in three articles of the outlet: a proposal to suppress it."""
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        for text in ARTICLES:
            item = _analysed(api, text, outlet)
            flag = next(f for f in item["flags"] if f["text"].lower() == "brutal")
            path = f"/review/items/{item['id']}/flags/{flag['id']}/decision"
            assert api.post(path, json={"decision": "reject"}).status_code == 200


def _later_flags(desk: LiveDesk, outlet: str) -> list[str]:
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        return [flag["text"] for flag in _analysed(api, LATER, outlet)["flags"]]


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True), ids=lambda w: f"{w}px")
def test_a_proposal_is_applied_then_reverted(desk: LiveDesk, admin_key: str, width: int) -> None:
    outlet = f"The Ledger at {width}"
    _rejected_in(desk, outlet)
    with chromium_page(width, WIDTHS[width], timeout_ms=20_000) as page:
        blocked = csp_violations(page)
        _log_in(page, desk, admin_key)
        page.goto(f"{desk.url}/desk/learning")
        card = page.locator("#proposals li.proposal", has_text=f"in {outlet}")
        expect(card).to_contain_text("Stop flagging “brutal” as loaded language")
        expect(card).to_contain_text(f"Rejected 3 of 3 decided (precision 0%) in {outlet}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / f"learning-proposal-{width}.png"), full_page=True)
        card.locator("button.apply").click()

        rule = page.locator("#rules li.rule", has_text=f"in {outlet}")
        expect(rule).to_contain_text("suppress “brutal”")
        expect(rule.locator("button.revert")).to_be_visible()
        expect(page.locator("#proposals li.proposal", has_text=f"in {outlet}")).to_have_count(0)
        assert "brutal" not in _later_flags(desk, outlet)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / f"learning-applied-{width}.png"), full_page=True)

        rule.locator("button.revert").click()
        rule = page.locator("#rules li.rule", has_text=f"in {outlet}")
        expect(rule).to_have_class("rule reverted")
        expect(rule).to_contain_text("reverted by browser-admin")
        expect(rule.locator("button.revert")).to_have_count(0)
        assert "brutal" in _later_flags(desk, outlet)
        page.screenshot(path=str(ARTIFACTS / f"learning-reverted-{width}.png"), full_page=True)

        page.goto(f"{desk.url}/desk/audit?action=overlay.reverted")
        expect(page.locator("#trail li").first).to_contain_text("reverted: ")
        assert blocked == []


def _log_in(page: Page, desk: LiveDesk, key: str) -> None:
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", key)
    page.click("#login")
    expect(page.locator("header .who")).to_contain_text("(admin)")
