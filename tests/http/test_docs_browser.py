"""/docs and /redoc render in Debian's Chromium with every request off this machine refused.

Both pages must draw the API from the assets the service ships, under the docs' CSP (no
violation reported). Screenshots: artifacts/docs-swagger.png, artifacts/docs-redoc.png.
"""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from service.app import create_app
from tests.browser import chromium_page, csp_violations, serving
from tests.conftest import REPLAY_BASE_URL, ROOT, model_settings

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
# Parsing megabyte bundles on a loaded 2-core machine takes seconds; expect's default is 5 s.
RENDERED_WITHIN_MS = 60_000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    with serving(create_app(model_settings(REPLAY_BASE_URL, data_dir=tmp_path))) as url:
        yield url


class Offline:
    """Requests to anywhere but 127.0.0.1 are aborted, and remembered."""

    def __init__(self) -> None:
        self.refused: list[str] = []
        self.csp_reports: list[str] = []

    def route(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()


@pytest.fixture
def offline_page() -> Iterator[tuple[Page, Offline]]:
    offline = Offline()
    with chromium_page(1366, 900, timeout_ms=30_000) as page:
        page.route("**/*", offline.route)
        offline.csp_reports = csp_violations(page)
        yield page, offline


def test_swagger_ui_renders_the_operations_offline(
    served: str, offline_page: tuple[Page, Offline]
) -> None:
    page, offline = offline_page
    page.goto(f"{served}/docs")
    verify = page.locator(".opblock-post .opblock-summary-path", has_text="/verify").first
    expect(verify).to_be_visible(timeout=RENDERED_WITHIN_MS)
    verify.click()  # the operation opens: its request body schema is drawn from /openapi.json
    expect(page.locator(".opblock-body").first).to_be_visible(timeout=RENDERED_WITHIN_MS)
    expect(page.locator(".opblock-summary-path", has_text="/review/items").first).to_be_visible(
        timeout=RENDERED_WITHIN_MS
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "docs-swagger.png"))
    assert offline.refused == []
    assert offline.csp_reports == []


def test_redoc_renders_the_operations_offline(
    served: str, offline_page: tuple[Page, Offline]
) -> None:
    page, offline = offline_page
    page.goto(f"{served}/redoc")
    expect(page.locator(".api-content h1").first).to_contain_text(
        "deskcheck", timeout=RENDERED_WITHIN_MS
    )
    expect(page.locator("h2", has_text="Verify").first).to_be_visible(timeout=RENDERED_WITHIN_MS)
    expect(page.get_by_role("menuitem").first).to_be_visible(timeout=RENDERED_WITHIN_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "docs-redoc.png"))
    assert offline.refused == []
    # ReDoc's sidebar always shows Redocly's logo from Redocly's own server: the docs' CSP
    # blocks it before any request leaves (the footer then shows the text alone). Nothing of
    # the page's own scripts, styles or fetches may be blocked.
    assert all(
        "img-src" in report and "cdn.redoc.ly" in report for report in offline.csp_reports
    ), offline.csp_reports
