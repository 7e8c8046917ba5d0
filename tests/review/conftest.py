import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from service.config import Settings
from service.jobs.context import JobContext
from service.jobs.queue import JobQueue
from service.llm import ModelClient, configured_backend
from service.store import Database
from tests.browser import VIEWPORTS, LiveDesk, chromium, served_desk
from tests.conftest import REPLAY_BASE_URL, model_settings
from tests.desk import Desk, running_desk
from tests.store.postgres import postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    """The review API on an empty store of each kind."""
    if request.param == "sqlite":
        with running_desk(tmp_path) as desk:
            yield desk
        return
    with postgres_url() as url, running_desk(tmp_path, url) as desk:
        yield desk


@pytest.fixture
def sqlite_desk(tmp_path: Path) -> Iterator[Desk]:
    """The desk on SQLite only: for the pages, which do not depend on the database kind."""
    with running_desk(tmp_path) as desk:
        yield desk


@pytest.fixture
def live_desk(tmp_path: Path) -> Iterator[LiveDesk]:
    """The desk served over HTTP for a browser, on an empty store, with an editor's key."""
    with served_desk(tmp_path) as desk:
        yield desk


@dataclass
class Jobs:
    """The analysis job's machinery: a store of each kind and a SQLite broker nobody consumes."""

    settings: Settings
    database: Database
    queue: JobQueue
    loop: asyncio.AbstractEventLoop

    def context(self) -> JobContext:
        """What a worker runs jobs with (fast-mode items never reach the model)."""
        model = ModelClient(self.settings, configured_backend(self.settings))
        return JobContext(self.settings, self.database, model, self.loop)


def _jobs(tmp_path: Path, url: str) -> Iterator[Jobs]:
    settings = model_settings(
        REPLAY_BASE_URL, data_dir=tmp_path, database_url=url, job_lease_s=2, job_max_attempts=3
    )
    database = Database.from_settings(settings)  # with the audit key, as a worker has
    database.migrate()
    queue = JobQueue(settings)
    loop = asyncio.new_event_loop()  # the worker's loop; tests run jobs with asyncio.run
    try:
        yield Jobs(settings, database, queue, loop)
    finally:
        loop.close()
        queue.close()
        database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def jobs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Jobs]:
    if request.param == "sqlite":
        yield from _jobs(tmp_path, f"sqlite:///{tmp_path / 'store.sqlite3'}")
        return
    with postgres_url() as url:
        yield from _jobs(tmp_path, url)


# The desk's pages in a browser, at a laptop's and a phone's width: the fixtures of the browser
# tests that share one Chromium per module and open a new context per test.


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(params=sorted(VIEWPORTS, reverse=True), ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def page(browser: Browser, width: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": VIEWPORTS[width]})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()
