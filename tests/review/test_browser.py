"""The review desk in Debian's Chromium, driven by Playwright against the app under uvicorn.

The review test needs no model (`fast` mode); the progress test runs `full` mode against a fake
model server that answers slowly. Screenshots land in artifacts/.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from service.app import create_app
from tests.browser import (
    LiveDesk,
    chromium_page,
    csp_violations,
    decide_the_rest,
    editor_key,
    log_in,
    serving,
)
from tests.conftest import ROOT, model_settings, seed_text
from tests.fake_backend import completion, fake_backend

pytestmark = pytest.mark.browser

SCREENSHOT = ROOT / "artifacts" / "item-page.png"
PROGRESS_SHOTS = ROOT / "artifacts" / "item-progress.png", ROOT / "artifacts" / "item-result.png"
SEED = "000_7164c3a58de98ac3.txt"


@pytest.fixture
def slow_model_desk(tmp_path: Path) -> Iterator[LiveDesk]:
    """Full mode against a model server that takes 3 s per answer (and answers nothing the
    checks accept, so the report is the evidence layer's and the summary extractive)."""
    key = editor_key(tmp_path)
    slow = completion("{}")
    slow.delay_s = 3.0
    with fake_backend(slow) as backend:
        settings = model_settings(
            backend.base_url,
            data_dir=tmp_path,
            llm_max_attempts=1,
            llm_transport_retries=0,
            embedded_workers=1,
            queue_poll_max_s=0.1,
        )
        with serving(create_app(settings)) as url:
            yield LiveDesk(url, key)


@pytest.fixture
def page() -> Iterator[Page]:
    """A browser page; each test asks for the desk it drives (one per test's store)."""
    with chromium_page(1400, 1000) as page:
        yield page


def test_a_desk_submission_returns_at_once_and_shows_progress_then_the_result(
    slow_model_desk: LiveDesk, page: Page
) -> None:
    blocked = csp_violations(page)  # the progress script polls: a blocked fetch stalls it
    log_in(page, slow_model_desk)
    page.goto(f"{slow_model_desk.url}/desk/submit")
    page.fill("#title", "Drone strike in Aleisk")
    page.fill("#text", seed_text(SEED))
    page.check("input[name=mode][value=full]")
    page.click("#submit-article")
    # The item page came back before the analysis did: it shows the analysis under way.
    expect(page.locator("#analysis-progress")).to_be_visible()

    # The steps fill in without a reload by hand: evidence first (the first analysis in a
    # process loads the lexicons), while the model still works.
    expect(page.locator("li[data-step=evidence_done].reached")).to_be_visible(timeout=60_000)
    expect(page.locator("li[data-step=model_done]")).not_to_have_class(re.compile("reached"))
    PROGRESS_SHOTS[0].parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(PROGRESS_SHOTS[0]), full_page=True)

    expect(page.locator("#analysis-progress")).to_have_count(0, timeout=60_000)
    expect(page.locator("#item-status")).to_have_text("pending")
    assert page.locator("li.flag").count() > 2
    assert "analysis done" in page.locator("p.muted").first.inner_text()
    page.screenshot(path=str(PROGRESS_SHOTS[1]), full_page=True)
    assert blocked == []


def test_an_editor_reviews_a_seed_article_to_approval(live_desk: LiveDesk, page: Page) -> None:
    blocked = csp_violations(page)
    log_in(page, live_desk)

    page.goto(f"{live_desk.url}/desk/submit")
    page.fill("#title", "Drone strike in Aleisk")
    page.fill("#text", seed_text(SEED))
    page.check("input[name=mode][value=fast]")
    page.click("#submit-article")
    expect(page.locator("#item-status")).to_have_text("pending")
    expect(page.locator("#analysis-progress")).to_have_count(0)  # the page reloaded when done

    # Every flag's span is highlighted in the article, coloured by its type.
    flags = page.locator("li.flag")
    assert flags.count() > 2
    expect(page.locator("#article mark.t-anonymous_source").first).to_be_visible()
    expect(page.locator("#article mark.t-loaded_language").first).to_be_visible()
    first_quote = flags.nth(0).locator(".quote").inner_text().strip("“”")
    assert first_quote in page.locator("#article").inner_text()

    # Keyboard: j selects the first flag, a accepts it.
    page.locator("body").press("j")
    expect(page.locator("#article mark.current").first).to_be_visible()
    page.keyboard.press("a")
    expect(page.locator("li.flag").nth(0)).to_have_class(re.compile(r"\baccept\b"))

    # Mouse: reject the second with a note.
    second = page.locator("li.flag").nth(1)
    second.locator("input[name=note]").fill("a fair description, not loaded")
    second.locator("button[value=reject]").click()
    expect(page.locator("li.flag").nth(1)).to_have_class(re.compile(r"\breject\b"))
    expect(page.locator("#item-status")).to_have_text("in_review")

    page.fill("#summary-text", "A drone struck a utility vehicle in Oleshky, the governor said.")
    page.click("#save-summary")
    expect(page.locator("#summary-text")).to_have_value(re.compile("^A drone struck"))

    item_id = re.search(r"/desk/items/([0-9a-f]+)", page.url).group(1)  # type: ignore[union-attr]
    decide_the_rest(live_desk, item_id)  # approval waits for every flag
    page.click("#approve")
    expect(page.locator("#item-status")).to_have_text("approved")
    audit = page.locator("#audit tbody").inner_text()
    for action in (
        "item.submitted",
        "flag.accept",
        "flag.reject",
        "summary.edited",
        "item.approved",
    ):
        assert action in audit
    assert blocked == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
