"""The FastAPI application: wiring only. Routers translate HTTP; services do the work."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.types import ASGIApp

from service.analyze.router import router as analyze_router
from service.auth.accounts import pages as account_pages
from service.auth.accounts.router import router as accounts_router
from service.auth.guard import install_auth
from service.config import Settings, get_settings
from service.evidence.warm import warm_evidence_layer
from service.health.router import router as health_router
from service.http.abandon import CancelOnDisconnect
from service.http.admission import Admission
from service.http.body_limit import BodyLimit
from service.http.deps import Services
from service.http.docs import install_api_docs
from service.http.errors import install_error_handlers
from service.http.headers import SecurityHeaders
from service.http.openapi import install_openapi
from service.http.params import one_value_each
from service.jobs.context import JobContext
from service.jobs.queue import JobQueue
from service.jobs.worker import EmbeddedWorkers
from service.lifeline import die_with_supervisor
from service.llm import ModelClient, configured_backend, start_backend, stop_backend
from service.observability import observed
from service.observability.scrape import router as metrics_router
from service.observability.scrape import scrape_also
from service.pipeline.pool import EvidenceWorkers, install
from service.review.desk_errors import DESK_ERROR_PAGES
from service.review.job import ANALYSIS
from service.review.lifecycle import open_store
from service.review.pages import install_desk
from service.review.queue_depth import ReviewQueue
from service.review.queue_pages import QueuePages
from service.review.router import router as review_router
from service.store.responses import ResponseStore
from service.summarize.router import router as summarize_router
from service.verify.router import router as verify_router

log = logging.getLogger(__name__)

# The article limit counts characters of the decoded text (`pipeline.intake`); the byte bound
# only stops an abusive body early, so it must never refuse an article within that limit. JSON
# that escapes non-ASCII spends up to 12 bytes on one character (an emoji as `\ud83d\ude00`),
# the worst any client's encoding can do; raw UTF-8 needs at most 4. The extra MiB covers the
# other fields (title, url, a summary to check) and the JSON syntax around them.
_WORST_BYTES_PER_CHAR = 12
_OTHER_FIELDS_BYTES = 1024 * 1024
# The endpoints whose work is an analysis (and model calls): admitted at the door while an
# evidence place is free, and stopped when their client disconnects.
_MODEL_PATHS = frozenset({"/summarize", "/verify", "/analyze"})


class Deskcheck(FastAPI):
    """FastAPI with the request id, access log and request metrics outside everything else,
    Starlette's error middleware included: a 500 carries its `X-Request-ID` and is logged.
    Outside those, admission: a request refused for want of capacity costs next to nothing."""

    def build_middleware_stack(self) -> ASGIApp:
        return Admission(observed(super().build_middleware_stack()), _MODEL_PATHS)


def create_app(
    settings: Settings | None = None, announce_first_key: Callable[[str], None] | None = None
) -> FastAPI:
    """The app. `announce_first_key` is given the first admin key when its start creates one
    (`deskcheck serve` shows it in its banner); without it, the key is printed on stderr."""
    settings = settings or get_settings()
    die_with_supervisor()  # an API process of `serve --workers N`; else nothing

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backend = configured_backend(settings)
        database = open_store(settings, announce_first_key)
        responses = ResponseStore(database, settings.response_cache_entries)
        model = ModelClient(settings, backend, responses)
        app.state.queue_pages = queue_pages = QueuePages.open(database)
        context = JobContext(settings, database, model, asyncio.get_running_loop())
        deliver = context.runs(ANALYSIS.deliver) if ANALYSIS.deliver else None
        jobs = JobQueue(settings, context.runs(ANALYSIS.job), deliver)
        app.state.services = Services(settings, backend, model, database, jobs)
        scrape_also(app, ReviewQueue(database))
        evidence_workers = EvidenceWorkers.from_settings(settings, warm_up=warm_evidence_layer)
        evidence_workers.start()
        install(evidence_workers)
        # Warming takes seconds: in the background, so the API (and /healthz) answers meanwhile.
        warming = asyncio.create_task(evidence_workers.warm())
        await start_backend(backend, settings)
        workers = EmbeddedWorkers(
            context, jobs, settings.embedded_workers, ANALYSIS.sweep, ANALYSIS.dispatch
        )
        workers.start()
        try:
            yield
        finally:
            warming.cancel()
            await workers.stop()
            install(None)
            evidence_workers.stop()
            await stop_backend(backend)
            jobs.close()
            await queue_pages.close()
            database.close()

    app = Deskcheck(
        title="deskcheck",
        version="0.1.0",
        summary="Neutral summaries and verification reports for news articles.",
        lifespan=lifespan,
        docs_url=None,  # served by install_api_docs, from packaged assets
        redoc_url=None,
        dependencies=[Depends(one_value_each)],
    )
    install_error_handlers(app, DESK_ERROR_PAGES)
    install_openapi(app, settings.max_article_chars)
    install_auth(app, settings)
    # Inside the body limit: an oversized body is refused before anything reads it.
    app.add_middleware(CancelOnDisconnect, paths=_MODEL_PATHS)
    app.add_middleware(BodyLimit, max_bytes=body_limit_bytes(settings), pages=DESK_ERROR_PAGES)
    # Outermost: refusals from the guards inside carry the headers too.
    app.add_middleware(SecurityHeaders)
    routers = (
        health_router,
        summarize_router,
        verify_router,
        analyze_router,
        review_router,
        accounts_router,
        account_pages.router,
        metrics_router,
    )
    for router in routers:
        app.include_router(router)
    install_desk(app)
    app.add_api_route("/", _home, include_in_schema=False)
    install_api_docs(app)
    return app


async def _home(request: Request) -> RedirectResponse:
    """The address people type: the desk."""
    return RedirectResponse(f"{request.scope.get('root_path', '')}/desk/")


def openapi_document() -> dict[str, Any]:
    """The published contract; `schemas/openapi.json` is this, committed."""
    return create_app(Settings()).openapi()


def body_limit_bytes(settings: Settings) -> int:
    """The most bytes a request body may have: generous, the real limit is in characters."""
    return settings.max_article_chars * _WORST_BYTES_PER_CHAR + _OTHER_FIELDS_BYTES
