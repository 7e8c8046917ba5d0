"""Accounts in Debian's Chromium, at a laptop's width and a phone's: a person signs in with a
user name and a password; an admin creates an account and disables it, and the disabled
person's open page is signed out. Screenshots land in artifacts/."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from service.auth.accounts.service import Acting, create_account
from service.store import Database
from tests.browser import LiveDesk, chromium, csp_violations, served_desk
from tests.conftest import REPLAY_BASE_URL, ROOT, model_settings

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "chief's own passphrase"
CAROL_PASSWORD = "carol's first passphrase"
WIDTHS = {1366: 900, 390: 844}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[LiveDesk]:
    """A served desk whose store holds one admin account, `chief`."""
    db = Database.from_settings(model_settings(REPLAY_BASE_URL, data_dir=tmp_path))
    db.migrate()
    with db.session() as session:
        create_account(session, Acting("test-setup"), "chief", "admin", ADMIN_PASSWORD)
    db.close()
    with served_desk(tmp_path) as live:
        yield live


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _page(browser: Browser, width: int) -> Page:
    """A page with cookies of its own (another person's browser), `width` CSS pixels wide."""
    page = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}).new_page()
    page.set_default_timeout(15_000)
    return page


def _sign_in(page: Page, desk: LiveDesk, name: str, password: str) -> None:
    page.goto(f"{desk.url}/desk/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("#signin")


def _fits(page: Page, width: int) -> None:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_person_signs_in_with_an_account(desk: LiveDesk, browser: Browser, width: int) -> None:
    page = _page(browser, width)
    blocked = csp_violations(page)
    _sign_in(page, desk, "chief", "not the password")
    expect(page.locator("[role=alert]")).to_contain_text("wrong user name or password")
    _sign_in(page, desk, "chief", ADMIN_PASSWORD)
    expect(page.locator("h1")).to_have_text("Review queue")
    expect(page.locator("header .who")).to_have_text("chief (admin)")
    _fits(page, width)
    assert blocked == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_admin_creates_an_account_and_disables_it(
    desk: LiveDesk, browser: Browser, width: int
) -> None:
    admin = _page(browser, width)
    _sign_in(admin, desk, "chief", ADMIN_PASSWORD)
    admin.click("header >> text=Accounts")
    expect(admin.locator("h1")).to_have_text("Accounts")
    admin.fill("#new-name", "carol")
    admin.select_option("#new-role", "editor")
    admin.fill("#new-password", CAROL_PASSWORD)
    admin.click("#create")
    expect(admin.locator("#done")).to_have_text("Created carol (editor).")
    expect(admin.locator("#account-carol .account-status")).to_have_text("active")

    carol = _page(browser, width)
    _sign_in(carol, desk, "carol", CAROL_PASSWORD)
    expect(carol.locator("header .who")).to_have_text("carol (editor)")

    admin.locator("#account-carol").get_by_role("button", name="Disable").click()
    expect(admin.locator("#account-carol .account-status")).to_have_text("disabled")
    _fits(admin, width)
    shot = ROOT / "artifacts" / f"accounts-{width}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    admin.screenshot(path=str(shot), full_page=True)

    carol.reload()  # her session ended with the account: the next page is the log-in
    expect(carol.locator("h1")).to_have_text("Log in")
    _sign_in(carol, desk, "carol", CAROL_PASSWORD)
    expect(carol.locator("[role=alert]")).to_contain_text("disabled")
