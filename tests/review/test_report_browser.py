"""The printable verification report in Debian's Chromium at a laptop's and a phone's width: on
screen from the item page, and on paper (print media: the report alone). Screenshots and the
printed PDF land in artifacts/."""

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import LiveDesk, chromium, csp_violations, served_desk
from tests.conftest import ROOT, seed_text

pytestmark = pytest.mark.browser

CONTRADICTORY = "001_100bbb814b795ab1.txt"
ARTIFACTS = ROOT / "artifacts"
WIDTHS = {1366: 768, 390: 844}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDesk]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with served_desk(tmp_path_factory.mktemp("report")) as desk:
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


def _approved_item(desk: LiveDesk) -> dict[str, Any]:
    """The contradictory seed analysed, every flag and contradiction decided, approved."""
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers, timeout=60) as api:
        body = {
            "article": {"text": seed_text(CONTRADICTORY), "title": "Oleshky", "outlet": "Wire"},
            "mode": "fast",
        }
        item_id = api.post("/review/items", json=body).json()["id"]
        deadline = time.monotonic() + 120  # the first analysis starts an evidence worker
        while not api.get(f"/review/items/{item_id}/progress").json()["finished"]:
            assert time.monotonic() < deadline, f"item {item_id} was not analysed"
            time.sleep(0.1)
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
