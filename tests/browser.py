"""What every browser test shares: the app served for real, Debian's Chromium, a logged-in desk.

The browser tests drive the service the way people do, over HTTP, so the app runs under uvicorn
rather than a TestClient (Chromium cannot reach an in-process transport). It runs in a thread of
the test's own process: its settings and store are the test's, a failing test shows the server's
traceback in place, and no port or process outlives the test. The browser is Debian's
/usr/bin/chromium driven by Playwright: the machine has no internet, so Playwright's own browser
download cannot run; `make test` installs the distribution's package instead.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect, sync_playwright

from service.app import create_app
from service.auth.keys import Role, create_key
from service.llm.embedded import free_loopback_port
from service.store import Database
from tests.conftest import REPLAY_BASE_URL, model_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # Chromium refuses to start its sandbox as root, as tests run in containers
    "--disable-gpu",
    # Nothing may leave the machine: no update checks, sync or first-run fetches.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class LiveDesk:
    """A served desk and the key of an editor on it."""

    url: str
    editor_key: str


def editor_key(data_dir: Path) -> str:
    """A new editor's raw key in the store under data_dir (migrated first)."""
    return browser_key(data_dir, "browser-editor", "editor")


def browser_key(data_dir: Path, name: str, role: Role) -> str:
    """A new raw key of `role` in the store under data_dir (migrated first)."""
    db = Database.from_settings(model_settings(REPLAY_BASE_URL, data_dir=data_dir))
    db.migrate()
    with db.session() as session:
        _, raw = create_key(session, name, role)
    db.close()
    return raw


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a background thread; its base URL."""
    port = free_loopback_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", ws="none", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30  # a loaded 2-core machine imports slowly
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@contextmanager
def served_desk(data_dir: Path, **settings: Any) -> Iterator[LiveDesk]:
    """The desk with no model behind it (`fast` mode works) and one analysis worker, served,
    with an editor's key; settings override the test defaults."""
    key = editor_key(data_dir)
    values: dict[str, Any] = {"data_dir": data_dir, "embedded_workers": 1, **settings}
    with serving(create_app(model_settings(REPLAY_BASE_URL, **values))) as url:
        yield LiveDesk(url, key)


VIEWPORTS = {1366: 768, 390: 844}
"""Width -> height of the windows the desk's pages are tested in: a laptop's and a phone's."""


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless and kept off the network; the test is skipped without it."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_page(width: int, height: int, timeout_ms: float = 15_000) -> Iterator[Page]:
    """A page of its own browser, width by height CSS pixels; locators wait up to timeout_ms."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(timeout_ms)
        yield page


def csp_violations(page: Page) -> list[str]:
    """What the desk's Content-Security-Policy blocks of the page's own script, style and
    requests, as the console reports it: must stay empty."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


def log_in(page: Page, desk: LiveDesk) -> None:
    """Log in at the desk with the editor's key; the queue is then on screen."""
    page.goto(f"{desk.url}/desk/login")
    page.fill("#key", desk.editor_key)
    page.click("#login")
    expect(page.locator("h1")).to_have_text("Review queue")


def decide_the_rest(desk: LiveDesk, item_id: str, decision: str = "reject") -> None:
    """Decide every flag and contradiction still open on an item, through the API as the
    desk's editor: what approval waits for, where a test's subject is something else."""
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    base = f"/review/items/{item_id}"
    with httpx.Client(base_url=desk.url, headers=headers, timeout=30) as api:
        gate = api.get(base).json()["gate"]
        for flag in gate["undecided_flags"]:
            decided = api.post(f"{base}/flags/{flag}/decision", json={"decision": decision})
            assert decided.status_code == 200, decided.text
        for contradiction in gate["open_contradictions"]:
            url = f"{base}/contradictions/{contradiction}/decision"
            assert api.post(url, json={"decision": decision}).status_code == 200
