from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import LiveDesk, served_desk
from tests.desk import Desk, running_desk
from tests.jobs.conftest import jobs  # noqa: F401 - the job machinery on both stores
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
