"""The FastAPI application: wiring only. Routers translate HTTP; services do the work."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from service.abandon import CancelOnDisconnect
from service.analyze.router import router as analyze_router
from service.config import Settings, get_settings
from service.deps import Services
from service.health.router import router as health_router
from service.http_errors import error_response, install_error_handlers
from service.jobs.queue import JobQueue
from service.jobs.runner import JobContext
from service.jobs.worker import EmbeddedWorkers
from service.llm import ModelClient, configured_backend, start_backend, stop_backend
from service.review.lifecycle import open_store
from service.review.pages import STATIC_DIR
from service.review.pages import router as review_pages_router
from service.review.router import router as review_router
from service.store.responses import ResponseStore
from service.summarize.router import router as summarize_router
from service.verify.router import router as verify_router

log = logging.getLogger(__name__)

# JSON escaping and metadata can make a body several times the article's size.
_BODY_OVERHEAD_FACTOR = 6
# The endpoints whose work is model calls: stopped when their client disconnects.
_MODEL_PATHS = frozenset({"/summarize", "/verify", "/analyze"})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backend = configured_backend(settings)
        database = open_store(settings)
        responses = ResponseStore(database, settings.response_cache_entries)
        model = ModelClient(settings, backend, responses)
        context = JobContext(settings, database, model, asyncio.get_running_loop())
        jobs = JobQueue(settings, context.run)
        app.state.services = Services(settings, backend, model, database, jobs)
        await start_backend(backend, settings)
        workers = EmbeddedWorkers(context, jobs, settings.embedded_workers)
        workers.start()
        try:
            yield
        finally:
            await workers.stop()
            await stop_backend(backend)
            jobs.close()
            database.close()

    app = FastAPI(
        title="deskcheck",
        version="0.1.0",
        summary="Neutral summaries and verification reports for news articles.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    # Inside the size guard: an oversized body is refused before anything reads it.
    app.add_middleware(CancelOnDisconnect, paths=_MODEL_PATHS)
    app.middleware("http")(_body_size_guard(settings.max_article_chars * _BODY_OVERHEAD_FACTOR))
    routers = (
        health_router,
        summarize_router,
        verify_router,
        analyze_router,
        review_router,
        review_pages_router,
    )
    for router in routers:
        app.include_router(router)
    app.mount("/desk/static", StaticFiles(directory=STATIC_DIR), name="desk-static")
    return app


def openapi_document() -> dict[str, Any]:
    """The published contract; `schemas/openapi.json` is this, committed."""
    return create_app(Settings()).openapi()


def _body_size_guard(
    limit: int,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """Refuse an oversized body from its Content-Length, before reading it."""

    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return error_response(
                413,
                "request_too_large",
                f"the request body has {int(length):,} bytes; the limit is {limit:,}. "
                "Send the article's plain text, or raise DESKCHECK_MAX_ARTICLE_CHARS.",
            )
        return await call_next(request)

    return guard
