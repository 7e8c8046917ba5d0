"""/review: the desk over HTTP. Translation only; the work is in service.review.service."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from schemas.review import (
    AuditPage,
    BatchRequest,
    BatchView,
    DecideRequest,
    ExportView,
    ItemProgress,
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
from service.deps import DatabaseDep, JobsDep, SettingsDep
from service.review import batches, service
from service.review.deps import EditorActor, SubmitterActor
from service.review.repository import QueueFilter
from service.review.stats import acceptance_stats

router = APIRouter(prefix="/review", tags=["review"])

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0)]


@router.post("/items", status_code=status.HTTP_201_CREATED)
def submit_item(
    body: SubmitRequest,
    db: DatabaseDep,
    settings: SettingsDep,
    jobs: JobsDep,
    actor: SubmitterActor,
) -> ItemView:
    """Queue an article: stored, then answered at once with `analysis_state: queued`; a worker
    summarizes and verifies it (`fast`: no model). Follow it at `/items/{id}/progress`."""
    return service.submit(db, settings, jobs, body, actor)


@router.post("/batches", status_code=status.HTTP_201_CREATED)
def submit_batch(
    body: BatchRequest, db: DatabaseDep, settings: SettingsDep, jobs: JobsDep, actor: SubmitterActor
) -> BatchView:
    """Queue many articles; one already submitted in a batch (same text hash, outlet and url)
    joins with its existing item instead of being analysed again."""
    return batches.submit_batch(db, settings, jobs, body, actor)


@router.get("/batches/{batch_id}")
def get_batch(batch_id: str, db: DatabaseDep, _: SubmitterActor) -> BatchView:
    """A batch's items and how many are in each analysis state."""
    return batches.batch_view(db, batch_id)


@router.get("/items")
def list_items(
    db: DatabaseDep,
    _: SubmitterActor,
    status: ReviewStatus | None = None,
    outlet: str | None = None,
    flag_type: FlagType | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> QueuePage:
    """The queue, newest first, filtered; `total` counts every match."""
    where = QueueFilter(status, outlet, flag_type, since, until)
    return service.list_queue(db, where, limit, offset)


@router.get("/items/{item_id}")
def get_item(item_id: str, db: DatabaseDep, _: SubmitterActor) -> ItemView:
    return service.get_item(db, item_id)


@router.get("/items/{item_id}/progress")
def item_progress(item_id: str, db: DatabaseDep, _: SubmitterActor) -> ItemProgress:
    """The analysis state alone: cheap to poll."""
    return service.item_progress(db, item_id)


@router.post("/items/{item_id}/retry", status_code=status.HTTP_202_ACCEPTED)
def retry_item(
    item_id: str,
    db: DatabaseDep,
    jobs: JobsDep,
    actor: SubmitterActor,
    body: RetryRequest | None = None,
) -> ItemView:
    """Queue a failed analysis again; an item already queued or running is joined (never
    analysed twice at once); an analysed one is 409."""
    mode = body.mode if body else None
    return service.retry(db, jobs, item_id, actor, mode)


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
