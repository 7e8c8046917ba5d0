"""The analysis task goes through each broker Huey offers here: SQLite, Redis, PostgreSQL."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from service.jobs.queue import JobQueue, QueueMisconfigured
from tests.conftest import REPLAY_BASE_URL, model_settings
from tests.store.postgres import postgres_url

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({error})")
    return REDIS_URL


@pytest.fixture(params=["sqlite", "redis", "postgresql"])
def broker(request: pytest.FixtureRequest) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
    elif request.param == "redis":
        yield _redis()
    else:
        with postgres_url() as url:
            yield url.replace("postgresql+psycopg://", "postgresql://")


def test_an_enqueued_item_reaches_the_worker_function(broker: str | None, tmp_path: Path) -> None:
    ran: list[str | list[str]] = []
    queue = JobQueue(
        model_settings(REPLAY_BASE_URL, data_dir=tmp_path, queue_url=broker), ran.append
    )
    item_id = uuid.uuid4().hex
    queue.enqueue(item_id)
    assert queue.pending() == 1
    queue.huey.execute(queue.huey.dequeue())
    assert (ran, queue.pending()) == ([item_id], 0)
    queue.close()


def test_a_group_is_one_job_that_reaches_the_worker_with_every_id(
    broker: str | None, tmp_path: Path
) -> None:
    ran: list[str | list[str]] = []
    settings = model_settings(REPLAY_BASE_URL, data_dir=tmp_path, queue_url=broker)
    queue = JobQueue(settings, ran.append)
    group = [uuid.uuid4().hex for _ in range(3)]
    queue.enqueue_group(group)
    queue.enqueue_group(group[:1])  # a group of one is a plain job
    assert queue.pending() == 2
    queue.huey.execute(queue.huey.dequeue())
    queue.huey.execute(queue.huey.dequeue())
    assert ran == [group, group[0]]
    queue.close()


def test_a_job_enqueued_by_a_process_that_only_enqueues_runs_on_a_worker(
    broker: str | None, tmp_path: Path
) -> None:
    """The API replicas and `deskcheck batch` enqueue with no runner; a worker process, with
    its own, must run their jobs (it used to drop them as unknown tasks, and only its sweep
    found the items again, a half lease later)."""
    settings = model_settings(REPLAY_BASE_URL, data_dir=tmp_path, queue_url=broker)
    enqueuer = JobQueue(settings)
    ran: list[str | list[str]] = []
    worker = JobQueue(settings, ran.append)
    item_id = uuid.uuid4().hex
    enqueuer.enqueue(item_id)

    job = worker.huey.dequeue()
    assert job is not None
    worker.huey.execute(job)
    assert (ran, worker.pending()) == ([item_id], 0)
    enqueuer.close()
    worker.close()


def test_an_unknown_broker_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QueueMisconfigured, match="neither redis"):
        JobQueue(model_settings(REPLAY_BASE_URL, data_dir=tmp_path, queue_url="amqp://x"))
