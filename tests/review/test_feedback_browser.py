"""The earlier review of a claim on the desk, in Debian's Chromium: an editor accepts a flag on a
claim and confirms the claim, approves; the same article again carries a note linking back."""

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser import LiveDesk, chromium_page, csp_violations, decide_the_rest, log_in
from tests.conftest import ROOT, seed_text

pytestmark = pytest.mark.browser

SEED = "000_7164c3a58de98ac3.txt"
SHOTS = {width: ROOT / "artifacts" / f"claim-note-{width}.png" for width in (1366, 390)}


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page(1366, 900) as page:
        yield page


def _analysed(desk: LiveDesk) -> dict[str, Any]:
    """The seed article submitted through the API, once its (fast) analysis is done."""
    auth = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=auth, timeout=30) as api:
        body = {"article": {"text": seed_text(SEED)}, "mode": "fast"}
        item_id = api.post("/review/items", json=body).json()["id"]
        deadline = time.monotonic() + 60
        while not api.get(f"/review/items/{item_id}/progress").json()["finished"]:
            assert time.monotonic() < deadline, "the analysis did not finish in 60 s"
            time.sleep(0.1)
        item: dict[str, Any] = api.get(f"/review/items/{item_id}").json()
        return item


def test_a_note_links_the_earlier_review_of_the_same_claim(live_desk: LiveDesk, page: Page) -> None:
    blocked = csp_violations(page)
    log_in(page, live_desk)
    earlier = _analysed(live_desk)
    flag = next(f for f in earlier["flags"] if f["type"] == "anonymous_source")
    claim = f"#claim-notes-{flag['claim_id']}"
    page.goto(f"{live_desk.url}/desk/items/{earlier['id']}")
    page.locator(f"#flag-{flag['id']} button[value=accept]").click()
    page.locator(f"{claim} input[name=note]").fill("ministry, by phone")
    page.locator(f"{claim} button[value=confirm]").click()
    expect(page.locator(claim)).to_contain_text("Confirmed by browser-editor")
    decide_the_rest(live_desk, earlier["id"])  # approval waits for every flag
    page.click("#approve")
    expect(page.locator("#item-status")).to_have_text("approved")

    page.goto(f"{live_desk.url}/desk/items/{_analysed(live_desk)['id']}")
    note = page.locator(f"{claim} .prior-review")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("browser-editor accepted “anonymous source”")
    expect(note).to_contain_text("browser-editor confirmed the claim")
    expect(note).to_contain_text("ministry, by phone")
    for width, shot in SHOTS.items():  # the note and the confirm control of the new claim
        page.set_viewport_size({"width": width, "height": 900})
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.locator(claim).screenshot(path=str(shot))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    note.locator("a").click()
    expect(page).to_have_url(f"{live_desk.url}/desk/items/{earlier['id']}{claim}")
    expect(page.locator(claim)).to_be_in_viewport()
    expect(page.locator(claim)).to_contain_text("ministry, by phone")
    assert blocked == []
