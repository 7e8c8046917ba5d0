"""/review: the desk over HTTP. Translation only; the work is in service.review.service."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from schemas.common import Rfc3339
from schemas.review import (
    ApproveRequest,
    AuditPage,
    BatchRequest,
    BatchView,
    ClaimDecisionRequest,
    ContradictionDecisionRequest,
    DecideRequest,
    ExportView,
    ItemProgress,
    ItemView,
    OwnFlagRequest,
    QueuePage,
    RetryRequest,
    ReturnRequest,
    ReviewStatus,
    SubmitRequest,
    SummaryEdit,
)
from schemas.stats import StatsView
from schemas.verify import FlagType
from service.auth import AdminDep, EditorDep, SubmitterDep
from service.auth.schemes import KEY_SCHEMES
from service.http.deps import DatabaseDep, JobsDep, SettingsDep
from service.http.errors import error_responses
from service.http.params import ClaimId, ContradictionId, FlagId, Limit, Offset
from service.review import batches, service
from service.review.context import Actor
from service.review.cursor import CURSOR_PATTERN
from service.review.deps import EditorActor, QueuePagesDep, SubmitterActor, request_id
from service.review.queue_pages import QueueQuery
from service.review.repository import QueueFilter
from service.review.stats import acceptance_stats

router = APIRouter(
    prefix="/review",
    tags=["review"],
    dependencies=[KEY_SCHEMES],
    responses=error_responses(401, 429),
)
# Besides 401 on every operation: 403 where a role above submitter is needed, 404 where an item
# is named, 409 where its state decides, 413/422 where a body or parameters are read.
_ITEM = (404,)
_EDIT = (403, 404, 409)
_BODY = (413, 422)
Cursor = Annotated[
    str | None,
    Query(
        description="`next_cursor` of the previous page, with the same filters; empty: none.",
        # Published, not enforced here: the cursor module refuses any other string with its
        # own `invalid_cursor` detail, and every string of this form names a queue position.
        json_schema_extra={"pattern": f"^(?:{CURSOR_PATTERN[1:-1]})?$"},
    ),
]
CountTotal = Annotated[
    bool,
    Query(description="Count `total` on an offset page; `false` saves a pass over every match."),
]


@router.post("/items", status_code=status.HTTP_201_CREATED, responses=error_responses(*_BODY))
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


@router.post("/batches", status_code=status.HTTP_201_CREATED, responses=error_responses(*_BODY))
def submit_batch(
    body: BatchRequest, db: DatabaseDep, settings: SettingsDep, jobs: JobsDep, actor: SubmitterActor
) -> BatchView:
    """Queue many articles; one already submitted in a batch (same text hash, outlet and url)
    joins with its existing item instead of being analysed again."""
    return batches.submit_batch(db, settings, jobs, body, actor)


@router.get("/batches/{batch_id}", responses=error_responses(404))
def get_batch(batch_id: str, db: DatabaseDep, _: SubmitterActor) -> BatchView:
    """A batch's items and how many are in each analysis state."""
    return batches.batch_view(db, batch_id)


@router.get("/items", response_model=QueuePage, responses=error_responses(422))
async def list_items(
    pages: QueuePagesDep,
    _: SubmitterDep,
    status: ReviewStatus | None = None,
    outlet: str | None = None,
    flag_type: FlagType | None = None,
    since: Rfc3339 | None = None,
    until: Rfc3339 | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Cursor = None,
    count: CountTotal = True,
) -> Response:
    """The queue, newest first, filtered. Page with `cursor` (the previous page's
    `next_cursor`: as fast at any depth) or with `offset` (also counts `total`)."""
    where = QueueFilter(status, outlet, flag_type, since, until)
    # The page comes encoded (and usually cached: service.review.queue_pages); the declared
    # response_model documents it, and FastAPI sends a Response as it is.
    # An empty `cursor=` is no cursor: the first page (what a form with the field left blank sends).
    body = await pages.body(QueueQuery(where, limit, offset, cursor or None, count))
    return Response(body, media_type="application/json")


@router.get("/items/{item_id}", responses=error_responses(*_ITEM))
def get_item(item_id: str, db: DatabaseDep, _: SubmitterActor) -> ItemView:
    return service.get_item(db, item_id)


@router.get("/items/{item_id}/progress", responses=error_responses(*_ITEM))
def item_progress(item_id: str, db: DatabaseDep, _: SubmitterActor) -> ItemProgress:
    """The analysis state alone: cheap to poll."""
    return service.item_progress(db, item_id)


@router.post(
    "/items/{item_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404, 409, *_BODY),
)
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


@router.post("/items/{item_id}/start", responses=error_responses(*_EDIT))
def start_review(item_id: str, db: DatabaseDep, actor: EditorActor) -> ItemView:
    return service.start_review(db, item_id, actor)


@router.post("/items/{item_id}/flags/{flag_id}/decision", responses=error_responses(*_EDIT, *_BODY))
def decide_flag(
    item_id: str, flag_id: FlagId, body: DecideRequest, db: DatabaseDep, actor: EditorActor
) -> ItemView:
    """Accept or reject a flag, or mark it a `duplicate` of another flag of the item on the same
    claim or overlapping words (`duplicate_of`; else 422 `invalid_duplicate`); 409 `conflict`
    if it was decided since `expected_version`."""
    return service.decide_flag(db, item_id, flag_id, body, actor)


@router.post(
    "/items/{item_id}/flags",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(*_EDIT, *_BODY),
)
def add_own_flag(
    item_id: str, body: OwnFlagRequest, db: DatabaseDep, actor: EditorActor
) -> ItemView:
    """Flag words the report missed: `start`/`end` into the article's text, a flag `type` and
    a `note` saying why. Stored with detector `editor`, accepted at once (it counts among the
    item's decisions), in the audit trail and in the export. 422 `invalid_span` when the
    offsets do not pick words out of the article."""
    item, _ = service.add_own_flag(db, item_id, body, actor)
    return item


@router.post(
    "/items/{item_id}/contradictions/{contradiction_id}/decision",
    responses=error_responses(*_EDIT, *_BODY),
)
def decide_contradiction(
    item_id: str,
    contradiction_id: ContradictionId,
    body: ContradictionDecisionRequest,
    db: DatabaseDep,
    actor: EditorActor,
) -> ItemView:
    """Decide a contradiction of the report: `accept` (the statements really cannot both hold)
    or `reject` (they can). An item with an undecided contradiction cannot be approved."""
    return service.decide_contradiction(db, item_id, contradiction_id, body, actor)


@router.post(
    "/items/{item_id}/claims/{claim_id}/decision", responses=error_responses(*_EDIT, *_BODY)
)
def decide_claim(
    item_id: str,
    claim_id: ClaimId,
    body: ClaimDecisionRequest,
    db: DatabaseDep,
    actor: EditorActor,
) -> ItemView:
    """Confirm a claim: you checked it and vouch for it (`withdraw` takes that back). The only
    way a claim counts as confirmed: approving the item, or accepting or rejecting its flags,
    does not. A later article's same claim then shows as `corroborated`, with your note."""
    return service.decide_claim(db, item_id, claim_id, body, actor)


@router.post("/items/{item_id}/summary", responses=error_responses(*_EDIT, *_BODY))
def edit_summary(item_id: str, body: SummaryEdit, db: DatabaseDep, actor: EditorActor) -> ItemView:
    """Save a new summary revision."""
    return service.edit_summary(db, item_id, body.text, actor)


@router.post("/items/{item_id}/approve", responses=error_responses(*_EDIT, *_BODY))
def approve_item(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    principal: EditorDep,
    body: ApproveRequest | None = None,
) -> ItemView:
    """Approve the item. Refused (409 `review_incomplete`, naming each undecided flag and open
    contradiction with its link on the desk) until all are decided, unless an admin sends
    `override_reason` (403 for anyone else): the reason is kept in the audit trail."""
    actor = Actor(principal.name, request_id(request))
    reason = body.override_reason if body else None
    return service.approve(db, item_id, actor, reason, principal.can("admin"))


@router.post("/items/{item_id}/return", responses=error_responses(*_EDIT, *_BODY))
def return_item(item_id: str, body: ReturnRequest, db: DatabaseDep, actor: EditorActor) -> ItemView:
    """Send the item back to its submitter; `note` (why) is required."""
    return service.return_item(db, item_id, body.note, actor)


@router.get("/items/{item_id}/audit", responses=error_responses(404, 422))
def item_audit(
    item_id: str, db: DatabaseDep, _: SubmitterActor, limit: Limit = 200, offset: Offset = 0
) -> AuditPage:
    return service.audit_trail(db, item_id, limit, offset)


@router.get("/items/{item_id}/export", responses=error_responses(*_EDIT))
def export_item(item_id: str, db: DatabaseDep, actor: EditorActor) -> ExportView:
    """An approved item with its report, decisions, revisions and audit trail; the export is
    itself recorded (`item.exported`, with the digest of `item` as exported)."""
    return service.export_item(db, item_id, actor)


@router.get("/audit", responses=error_responses(403, 422))
def audit(db: DatabaseDep, _: AdminDep, limit: Limit = 200, offset: Offset = 0) -> AuditPage:
    """The whole audit trail, oldest first."""
    return service.audit_trail(db, None, limit, offset)


@router.get("/stats", responses=error_responses(403))
def stats(db: DatabaseDep, _: EditorActor) -> StatsView:
    """Per flag type and week: how often editors accepted its flags; per flag type and family:
    precision (duplicates apart) and recall estimated from editors' own flags."""
    return acceptance_stats(db)
