"""The job machinery against a store of each kind and a SQLite broker nobody consumes."""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.config import Settings
from service.jobs.queue import JobQueue
from service.jobs.runner import JobContext
from service.llm import ModelClient, configured_backend
from service.store import Database
from tests.conftest import REPLAY_BASE_URL, model_settings
from tests.store.postgres import postgres_url


@dataclass
class Jobs:
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
