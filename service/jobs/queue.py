"""The job queue on Huey: which broker, and the two tasks it carries (an item's analysis, a
webhook delivery).

Huey (huey.readthedocs.io) is small and well kept and runs on three brokers we have: a SQLite
file (no server: the default, workers on one machine), Redis and PostgreSQL (workers on many
machines). It does not re-deliver a job whose worker died; our store's lease covers that
(service/review/lease.py).
"""

from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from huey import PostgresHuey, RedisHuey, SqliteHuey
from huey.api import Huey

from service.config import Settings
from service.errors import DeskcheckError

ANALYSE_TASK = "deskcheck.analyse"
DELIVER_TASK = "deskcheck.deliver"
QUEUE_NAME = "deskcheck"


class QueueMisconfigured(DeskcheckError):
    status = HTTPStatus.INTERNAL_SERVER_ERROR
    kind = "configuration"


def broker_for(settings: Settings) -> Huey:
    url = settings.queue_url
    if url is None:
        path = Path(settings.data_dir) / "queue.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(path.resolve()), results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url, results=False)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresHuey(QUEUE_NAME, dsn=url, results=False)
    raise QueueMisconfigured(
        f"DESKCHECK_QUEUE_URL {url!r} is neither redis://... nor postgresql://...; "
        "unset it for the SQLite broker under DESKCHECK_DATA_DIR"
    )


def _not_a_worker(item_id: object) -> None:
    raise RuntimeError(f"this process only enqueues; start `deskcheck worker` for {item_id}")


class JobQueue:
    """Enqueue an item's analysis; in a worker, `run` is what the engine calls for each job."""

    def __init__(
        self,
        settings: Settings,
        run: Callable[[str | list[str]], None] | None = None,
        deliver: Callable[[str], None] | None = None,
    ) -> None:
        self.huey = broker_for(settings)
        runner = run or _not_a_worker
        sender = deliver or _not_a_worker

        def analyse(item_ids: str | list[str]) -> None:
            runner(item_ids)

        def send(delivery_id: str) -> None:
            sender(delivery_id)

        # Huey names a task by its function's module and the task name, and a worker drops a
        # job whose name it has not registered: this one function, defined here, gives the
        # same name to the enqueuing processes (API, `deskcheck batch`) and to the workers.
        # Transient failures (the store unreachable) are retried by the engine; analysis
        # failures are recorded on the item by the job itself and never raise.
        self._task: Any = self.huey.task(name=ANALYSE_TASK, retries=3, retry_delay=5)(analyse)
        # A webhook delivery records its own failures and schedules its retry in the store.
        self._deliver: Any = self.huey.task(name=DELIVER_TASK)(send)

    def enqueue(self, item_id: str) -> None:
        self._task(item_id)

    def enqueue_group(self, item_ids: list[str]) -> None:
        """One job for several items, analysed by one worker one after the other and written
        together (fast-mode batches: the job around a few milliseconds of analysis would cost
        more than the analysis). A single id is enqueued as a plain job."""
        if len(item_ids) == 1:
            self.enqueue(item_ids[0])
        elif item_ids:
            self._task(list(item_ids))

    def enqueue_delivery(self, delivery_id: str) -> None:
        self._deliver(delivery_id)

    def pending(self) -> int:
        count: int = self.huey.pending_count()
        return count

    def close(self) -> None:
        self.huey.storage.close()
