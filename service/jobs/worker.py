"""Workers: Huey's consumer running the job it is given, embedded in `serve` or as its own process.

`deskcheck worker` runs anywhere that reaches the same broker and store; several per machine and
across machines share the work. A worker's embedded model (full mode, no DESKCHECK_LLM_BASE_URL)
is a child process that dies with the worker, even on kill -9 (see service/llm/embedded.py).
"""

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from huey.consumer import Consumer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import configure_mappers
from starlette.concurrency import run_in_threadpool

from service.config import Settings
from service.jobs.context import JobContext, Sweep, Work
from service.jobs.queue import JobQueue
from service.llm import ModelClient, configured_backend, stop_backend
from service.store import Database
from service.store.responses import ResponseStore

log = logging.getLogger(__name__)

_SHUTDOWN_S = 30.0


class HostedConsumer(Consumer):  # type: ignore[misc]  # huey ships no type information
    """The consumer inside a process that owns its signals (uvicorn): it installs no handlers."""

    def _set_signal_handlers(self) -> None:
        pass


def consumer_for(queue: JobQueue, settings: Settings, workers: int, hosted: bool) -> Consumer:
    kind = HostedConsumer if hosted else Consumer
    return kind(
        queue.huey,
        workers=workers,
        periodic=False,  # the sweep runs on our event loop, at the lease's pace
        max_delay=settings.queue_poll_max_s,
        shutdown_timeout=_SHUTDOWN_S,
    )


class EmbeddedWorkers:
    """`deskcheck serve`'s own workers (none when DESKCHECK_EMBEDDED_WORKERS=0): threads that
    run jobs on the API's event loop, and the sweep."""

    def __init__(
        self,
        context: JobContext,
        queue: JobQueue,
        workers: int,
        sweep: Sweep,
        dispatch: Sweep | None = None,
    ) -> None:
        self.context, self.queue, self.sweep, self.dispatch = context, queue, sweep, dispatch
        self.consumer = (
            consumer_for(queue, context.settings, workers, hosted=True) if workers else None
        )
        self._loops: list[asyncio.Task[None]] = []

    def start(self) -> None:
        if self.consumer is not None:
            self.consumer.start()
            settings = self.context.settings
            self._loops.append(
                asyncio.create_task(
                    every(self.context, self.queue, self.sweep, settings.job_lease_s / 2)
                )
            )
            if self.dispatch is not None:
                self._loops.append(
                    asyncio.create_task(
                        every(self.context, self.queue, self.dispatch, settings.webhook_poll_s)
                    )
                )

    async def stop(self) -> None:
        for loop in self._loops:
            # A sweep runs its store work on a thread, which a cancel does not stop: wait for
            # it, or the store is closed under it and its connection is dropped still open.
            loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loop
        if self.consumer is not None:
            # Joining the workers blocks, and their jobs need this loop to finish: join
            # from another thread.
            await run_in_threadpool(self.consumer.stop, True)


def run_worker(
    settings: Settings, concurrency: int, work: Work, warm_up: Callable[[], None]
) -> None:
    """`deskcheck worker`: jobs on a dedicated event loop until SIGINT (graceful) or SIGTERM.

    `warm_up` loads what the first job would (for the analysis job: lexicons, WordNet tables,
    gazetteer, reference facts, the summary check's tables) before it, not during it: seconds
    once per process, which the first article used to wait for while the others queued.
    """
    settings = worker_settings(settings, concurrency)
    with _job_loop() as loop:
        database = Database.from_settings(settings)
        _migrate(database)
        backend = configured_backend(settings)
        responses = ResponseStore(database, settings.response_cache_entries)
        context = JobContext(settings, database, ModelClient(settings, backend, responses), loop)
        deliver = context.runs(work.deliver) if work.deliver else None
        queue = JobQueue(settings, context.runs(work.job), deliver)
        warm_up()
        # One-off costs the first sweep or job would pay after "ready", here instead: the
        # ORM's mappers (configured on their first use) and the event loop's way to the thread
        # pool (anyio imports its asyncio backend on the first `run_in_threadpool`), a few
        # hundred ms of CPU together.
        asyncio.run_coroutine_threadsafe(run_in_threadpool(configure_mappers), loop).result()
        loops = [
            asyncio.run_coroutine_threadsafe(
                every(context, queue, work.sweep, settings.job_lease_s / 2), loop
            )
        ]
        if work.dispatch is not None:
            loops.append(
                asyncio.run_coroutine_threadsafe(
                    every(context, queue, work.dispatch, settings.webhook_poll_s), loop
                )
            )
        log.info("worker ready: %d job(s) at once", concurrency)
        try:
            consumer_for(queue, settings, concurrency, hosted=False).run()
        finally:
            for running in loops:
                running.cancel()
            asyncio.run_coroutine_threadsafe(stop_backend(backend), loop).result(timeout=30)
            database.close()


async def every(context: JobContext, queue: JobQueue, sweep: Sweep, seconds: float) -> None:
    """Run `sweep` every `seconds` (the lease sweep every half lease, the webhook dispatch
    every WEBHOOK_POLL_S), for as long as the worker runs."""
    while True:
        try:
            await sweep(context, queue)
        except Exception:  # a store or broker hiccup must not end the sweeping
            log.exception("sweep failed; trying again in %ss", seconds)
        await asyncio.sleep(seconds)


def worker_settings(settings: Settings, concurrency: int) -> Settings:
    """The settings a worker running `concurrency` jobs at once needs.

    Every job thread may wait for the model at once: none of them is refused as "busy". And
    with a model server (DESKCHECK_LLM_BASE_URL), the jobs' calls run side by side unless
    DESKCHECK_LLM_CONCURRENCY says otherwise: its default of one call in flight is the embedded
    model's single slot, and would make N jobs take turns on a server that serves many.
    """
    update: dict[str, int] = {"llm_max_waiting": max(settings.llm_max_waiting, concurrency)}
    if settings.llm_base_url is not None and "llm_concurrency" not in settings.model_fields_set:
        update["llm_concurrency"] = max(settings.llm_concurrency, concurrency)
    return settings.model_copy(update=update)


def _migrate(database: Database) -> None:
    """Workers started together on a new store race to create it: the loser tries again,
    and finds the winner's schema."""
    try:
        database.migrate()
    except SQLAlchemyError:
        log.info("the store was being migrated by another process; checking again")
        time.sleep(2)
        database.migrate()


@contextmanager
def _job_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop on a thread that lives as long as the worker (the embedded model's
    parent-death signal is tied to the thread that started it)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="deskcheck-jobs", daemon=True)
    thread.start()
    try:
        yield loop
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
