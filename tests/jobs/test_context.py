"""The engine runs the job it is given: on the context's event loop, called from its thread."""

import asyncio
import threading
import uuid
from pathlib import Path

from service.jobs.context import JobContext
from service.jobs.queue import JobQueue
from service.llm import ModelClient, configured_backend
from service.store import Database
from tests.conftest import REPLAY_BASE_URL, model_settings


def test_a_delivered_job_runs_the_given_function_on_the_contexts_loop(tmp_path: Path) -> None:
    settings = model_settings(REPLAY_BASE_URL, data_dir=tmp_path)
    database = Database(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    model = ModelClient(settings, configured_backend(settings))
    context = JobContext(settings, database, model, loop)
    ran: list[tuple[JobContext, str | list[str], asyncio.AbstractEventLoop]] = []

    async def job(given: JobContext, item_id: str | list[str]) -> None:
        ran.append((given, item_id, asyncio.get_running_loop()))

    queue = JobQueue(settings, context.runs(job))
    item_id = uuid.uuid4().hex
    queue.enqueue(item_id)
    queue.huey.execute(queue.huey.dequeue())  # as a worker thread of the engine would
    assert ran == [(context, item_id, loop)]
    queue.close()
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
    loop.close()
    database.close()
