"""/review: the desk over HTTP. Translation only; the work is in service.review.service."""

from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, status
from starlette.concurrency import run_in_threadpool

from schemas.review import (
    AuditPage,
    DecideRequest,
    ExportView,
    ItemView,
    QueuePage,
    RetryRequest,
    ReturnRequest,
    ReviewStatus,
    StatsView,
    SubmitRequest,
    SummaryEdit,
)
from schemas.verify import FlagType
from service.auth import AdminDep
from service.deps import DatabaseDep, ModelDep, SettingsDep
from service.review import service
from service.review.deps import EditorActor, SubmitterActor
from service.review.repository import QueueFilter
from service.review.stats import acceptance_stats

router = APIRouter(prefix="/review", tags=["review"])

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0)]
Cursor = Annotated[
    str | None, Query(description="`next_cursor` of the previous page, with the same filters.")
]
CountTotal = Annotated[
    bool,
    Query(description="Count `total` on an offset page; `false` saves a pass over every match."),
]


@router.post("/items", status_code=status.HTTP_201_CREATED)
async def submit_item(
    body: SubmitRequest,
    db: DatabaseDep,
    settings: SettingsDep,
    model: ModelDep,
    actor: SubmitterActor,
) -> ItemView:
    """Queue an article: stored first, then summarized and verified (`fast`: no model)."""
    return await service.submit(db, settings, model, body, actor)


@router.get("/items")
async def list_items(
    db: DatabaseDep,
    _: SubmitterActor,
    status: ReviewStatus | None = None,
    outlet: str | None = None,
    flag_type: FlagType | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Cursor = None,
    count: CountTotal = True,
) -> QueuePage:
    """The queue, newest first, filtered. Page with `cursor` (the previous page's
    `next_cursor`: as fast at any depth) or with `offset` (also counts `total`)."""
    where = QueueFilter(status, outlet, flag_type, since, until)
    # One hand-off to the thread pool for the store; FastAPI would add a second to validate
    # the answer of a plain `def` endpoint.
    return await run_in_threadpool(
        partial(service.list_queue, db, where, limit, offset=offset, cursor=cursor, count=count)
    )


@router.get("/items/{item_id}")
def get_item(item_id: str, db: DatabaseDep, _: SubmitterActor) -> ItemView:
    return service.get_item(db, item_id)


@router.post("/items/{item_id}/retry")
async def retry_item(
    item_id: str,
    db: DatabaseDep,
    settings: SettingsDep,
    model: ModelDep,
    actor: SubmitterActor,
    body: RetryRequest | None = None,
) -> ItemView:
    """Run a failed analysis again."""
    mode = body.mode if body else None
    return await service.retry(db, settings, model, item_id, actor, mode)


@router.post("/items/{item_id}/start")
def start_review(item_id: str, db: DatabaseDep, actor: EditorActor) -> ItemView:
    return service.start_review(db, item_id, actor)


@router.post("/items/{item_id}/flags/{flag_id}/decision")
def decide_flag(
    item_id: str, flag_id: int, body: DecideRequest, db: DatabaseDep, actor: EditorActor
) -> ItemView:
    return service.decide_flag(db, item_id, flag_id, body, actor)


@router.post("/items/{item_id}/summary")
def edit_summary(item_id: str, body: SummaryEdit, db: DatabaseDep, actor: EditorActor) -> ItemView:
    """Save a new summary revision."""
    return service.edit_summary(db, item_id, body.text, actor)


@router.post("/items/{item_id}/approve")
def approve_item(item_id: str, db: DatabaseDep, actor: EditorActor) -> ItemView:
    return service.approve(db, item_id, actor)


@router.post("/items/{item_id}/return")
def return_item(
    item_id: str, db: DatabaseDep, actor: EditorActor, body: ReturnRequest | None = None
) -> ItemView:
    return service.return_item(db, item_id, body.note if body else "", actor)


@router.get("/items/{item_id}/audit")
def item_audit(
    item_id: str, db: DatabaseDep, _: SubmitterActor, limit: Limit = 200, offset: Offset = 0
) -> AuditPage:
    return service.audit_trail(db, item_id, limit, offset)


@router.get("/items/{item_id}/export")
def export_item(item_id: str, db: DatabaseDep, _: EditorActor) -> ExportView:
    """An approved item with its report, decisions, revisions and audit trail."""
    return service.export_item(db, item_id)


@router.get("/audit")
def audit(db: DatabaseDep, _: AdminDep, limit: Limit = 200, offset: Offset = 0) -> AuditPage:
    """The whole audit trail, oldest first."""
    return service.audit_trail(db, None, limit, offset)


@router.get("/stats")
def stats(db: DatabaseDep, _: EditorActor) -> StatsView:
    """Per flag type and week: how often editors accepted its flags."""
    return acceptance_stats(db)
