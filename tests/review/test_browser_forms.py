"""The desk's queue, submit, stats, login and error pages in Debian's Chromium at a laptop's
width (1366 px) and a phone's (390 px): nothing scrolls sideways, a refused or failed
submission keeps what the editor typed, failures read as plain words, and the CSP blocks
nothing of the desk's own. Screenshots land in artifacts/ (named page-width.png).
"""

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Page, expect

from service.app import body_limit_bytes
from service.config import Settings
from tests.browser import LiveDesk, chromium_page, csp_violations, log_in, served_desk
from tests.conftest import ROOT, seed_text

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
SEED = "000_7164c3a58de98ac3.txt"
LIMIT = 3000
"""The desk's article limit here: the seed article (3,8xx characters) is over it."""
WIDTHS = [1366, 390]
TITLE = "Drone strike reported near Oleshky, Kherson Oblast, in the early hours of Thursday"
OUTLET = "Regional Wire Service"


@dataclass(frozen=True)
class Desk:
    live: LiveDesk
    data_dir: Path


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk with no model behind it (full mode fails; fast works), limited to LIMIT."""
    with served_desk(
        tmp_path,
        max_article_chars=LIMIT,
        llm_transport_retries=0,
        llm_timeout_s=2,
        queue_poll_max_s=0.1,
    ) as live:
        yield Desk(live, tmp_path)


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest) -> Iterator[Page]:
    width: int = request.param
    with chromium_page(width, 900 if width > 500 else 844, timeout_ms=20_000) as page:
        yield page


def _width(page: Page) -> int:
    size = page.viewport_size
    assert size is not None
    return size["width"]


def _shot(page: Page, name: str) -> Path:
    path = ARTIFACTS / f"{name}-{_width(page)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def _sideways_scroll(page: Page) -> int:
    """How many CSS pixels the page is wider than the window: must be 0."""
    overflow: int = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return overflow


def _api(desk: Desk, method: str, path: str, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {desk.live.editor_key}"}
    response = httpx.request(method, desk.live.url + path, json=body, headers=headers, timeout=30)
    response.raise_for_status()
    return response.json()


def _decided_item(desk: Desk) -> None:
    """A seed article's opening (fast mode) with every flag decided, the decisions spread over
    four weeks, so the stats page has panels with several points and a table to match."""
    text = seed_text(SEED)[:LIMIT].rsplit(".", 1)[0] + "."
    body = {"article": {"text": text, "title": TITLE, "outlet": OUTLET}, "mode": "fast"}
    item_id = _api(desk, "POST", "/review/items", body)["id"]
    deadline = time.monotonic() + 60
    while not _api(desk, "GET", f"/review/items/{item_id}/progress")["finished"]:
        assert time.monotonic() < deadline, "the analysis did not finish"
        time.sleep(0.2)
    flags = _api(desk, "GET", f"/review/items/{item_id}")["flags"]
    assert len(flags) >= 4
    for n, flag in enumerate(flags):
        decision = {"decision": "accept" if n % 3 else "reject"}
        _api(desk, "POST", f"/review/items/{item_id}/flags/{flag['id']}/decision", decision)
    with sqlite3.connect(desk.data_dir / "deskcheck.sqlite3") as store:
        store.execute(
            "UPDATE flag_decisions "
            "SET decided_at = datetime(decided_at, (-7 * (id % 4)) || ' days')"
        )


def test_desk_pages_never_scroll_sideways(desk: Desk, page: Page) -> None:
    blocked = csp_violations(page)
    page.goto(f"{desk.live.url}/desk/login")
    assert _sideways_scroll(page) == 0
    _shot(page, "login")

    _decided_item(desk)
    log_in(page, desk.live)
    for path, name in (("/desk/", "queue"), ("/desk/submit", "submit"), ("/desk/stats", "stats")):
        page.goto(desk.live.url + path)
        assert _sideways_scroll(page) == 0, name
        _shot(page, name)
    assert page.locator("figure.panel").count() >= 2  # one panel per decided flag type
    assert page.locator("#weekly tbody tr").count() >= page.locator("figure.panel").count()

    page.goto(f"{desk.live.url}/desk/items/no-such-item")
    expect(page.locator("h1")).to_have_text("Not found")
    assert _sideways_scroll(page) == 0
    _shot(page, "error-404")
    page.click("text=Back to the review queue")
    expect(page.locator("h1")).to_have_text("Review queue")
    assert blocked == []


def _fill(page: Page, text: str) -> None:
    page.fill("#title", TITLE)
    page.fill("#outlet", OUTLET)
    page.fill("#text", text)
    page.check("input[name=mode][value=full]")
    page.click("#submit-article")


def _expect_kept(page: Page, text: str) -> None:
    expect(page.locator("#title")).to_have_value(TITLE)
    expect(page.locator("#outlet")).to_have_value(OUTLET)
    expect(page.locator("#text")).to_have_value(text)
    expect(page.locator("input[name=mode][value=full]")).to_be_checked()
    assert _sideways_scroll(page) == 0


def test_a_refused_submission_keeps_every_field(desk: Desk, page: Page) -> None:
    blocked = csp_violations(page)
    log_in(page, desk.live)
    page.goto(f"{desk.live.url}/desk/submit")

    _fill(page, "   ")
    expect(page.locator("#form-error")).to_have_text(
        "The article text is empty. Paste the article's text into the box below."
    )
    _expect_kept(page, "   ")

    article = seed_text(SEED)  # over LIMIT; its line breaks arrive as CRLF, counted as one
    _fill(page, article)
    expect(page.locator("#form-error")).to_contain_text(
        f"The article has {len(article):,} characters; the desk takes at most {LIMIT:,}."
    )
    _expect_kept(page, article)
    _shot(page, "submit-rejected")
    assert blocked == []


def test_a_paste_too_large_for_the_server_to_read_keeps_every_field(desk: Desk, page: Page) -> None:
    """Over the body limit the server refuses the request unread, so nothing could come back:
    the page counts the characters first and keeps the form, sending nothing."""
    blocked = csp_violations(page)
    log_in(page, desk.live)
    page.goto(f"{desk.live.url}/desk/submit")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.method))
    line = "Kherson é 🙂\n"  # 33 bytes form-encoded (its line break sent as CRLF)
    bound = body_limit_bytes(Settings(max_article_chars=LIMIT))
    huge = line * (bound // 33 + 100)
    assert len(urlencode({"text": huge.replace("\n", "\r\n")})) > bound
    page.fill("#title", TITLE)
    page.fill("#outlet", OUTLET)
    page.locator("#text").evaluate("(box, text) => { box.value = text; }", huge)  # a paste
    page.click("#submit-article")
    expect(page.locator("#form-error")).to_have_text(
        f"The article has {len(huge):,} characters; the desk takes at most {LIMIT:,}. "
        "Shorten it, or split it into parts and submit each part."
    )
    _expect_kept(page, huge)
    assert "POST" not in sent
    assert _api(desk, "GET", "/review/items")["items"] == []
    assert blocked == []


def test_a_submission_the_store_refuses_keeps_every_field(desk: Desk, page: Page) -> None:
    blocked = csp_violations(page)
    log_in(page, desk.live)
    page.goto(f"{desk.live.url}/desk/submit")
    # The store refuses the write, as a full disk or a read-only replica would.
    with sqlite3.connect(desk.data_dir / "deskcheck.sqlite3") as store:
        store.execute(
            "CREATE TRIGGER refuse_articles BEFORE INSERT ON articles "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    text = seed_text(SEED)[:1500]
    _fill(page, text)
    expect(page.locator("#form-error")).to_contain_text(
        "Something went wrong on our side while submitting"
    )
    _expect_kept(page, text.replace("\r\n", "\n"))
    _shot(page, "submit-failed")
    assert blocked == []


def test_a_failed_analysis_reached_from_submit_offers_retry(desk: Desk, page: Page) -> None:
    blocked = csp_violations(page)
    log_in(page, desk.live)
    page.goto(f"{desk.live.url}/desk/submit")
    _fill(page, seed_text(SEED)[:1500])  # full mode; no model answers this desk
    alert = page.locator("div.error[role=alert]")
    expect(alert).to_contain_text("the language model did not answer", timeout=60_000)
    assert _sideways_scroll(page) == 0
    _shot(page, "item-failed")
    page.click("text=Retry without the model")
    expect(page.locator("#item-status")).to_have_text("pending", timeout=60_000)
    expect(page.locator("div.error[role=alert]")).to_have_count(0, timeout=60_000)
    assert blocked == []
