"""/review: the desk over HTTP. Translation only; the work is in service.review.service."""

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import StreamingResponse

from schemas.common import Rfc3339
from schemas.learning import LearningView, OverlayRuleView, RuleKey, TallyView
from schemas.review import (
    ApproveRequest,
    AssignRequest,
    AuditPage,
    BatchRequest,
    BatchView,
    BulkAssignRequest,
    BulkAssignView,
    ClaimDecisionRequest,
    CommentRequest,
    CommentView,
    ContradictionDecisionRequest,
    DecideRequest,
    ExportView,
    ItemProgress,
    ItemView,
    MentionsView,
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
from schemas.webhooks import (
    DeliveryPage,
    DeliveryView,
    WebhookCreated,
    WebhookRequest,
    WebhookView,
)
from service.auth.deps import AdminDep, EditorDep, SubmitterDep
from service.auth.schemes import KEY_SCHEMES
from service.http.deps import DatabaseDep, JobsDep, SettingsDep
from service.http.errors import error_responses
from service.http.params import ClaimId, ContradictionId, FlagId, Limit, Offset
from service.review import batches, exports, learning, service
from service.review.context import Actor
from service.review.cursor import CURSOR_PATTERN
from service.review.deps import (
    AdminActor,
    EditorActor,
    QueuePagesDep,
    SubmitterActor,
    request_id,
)
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
WebhookId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RowId = WebhookId
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
    assignee: Annotated[
        str | None, Query(max_length=200, description="Items given to this editor (by name).")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Words every article found holds, in its title, outlet or text "
            "(case and accents ignored; `word*` matches words it begins).",
        ),
    ] = None,
    open_contradictions: Annotated[
        bool, Query(description="Only items with a contradiction not decided yet.")
    ] = False,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Cursor = None,
    count: CountTotal = True,
) -> Response:
    """The queue, newest first, filtered. Page with `cursor` (the previous page's
    `next_cursor`: as fast at any depth) or with `offset` (also counts `total`)."""
    where = QueueFilter(
        status, outlet, flag_type, since, until, assignee or None, q or None, open_contradictions
    )
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


@router.post("/items/{item_id}/assignment", responses=error_responses(*_EDIT, *_BODY))
def assign_item(item_id: str, body: AssignRequest, db: DatabaseDep, actor: EditorActor) -> ItemView:
    """Give a pending or in-review item to an active editor or admin (by name) with a note;
    `assignee: null` takes it back. 422 `invalid_assignee` for any other name."""
    return service.assign(db, item_id, body, actor)


@router.post(
    "/items/{item_id}/comments",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(403, 404, *_BODY),
)
def add_comment(
    item_id: str, body: CommentRequest, db: DatabaseDep, actor: EditorActor
) -> CommentView:
    """Add to the item's thread, on the whole item or on one claim (`claim_id`; 404 if the
    item's report has no such claim). `@name` mentions an active editor or admin."""
    return service.comment(db, item_id, body, actor)


@router.get("/mentions", responses=error_responses(403, 422))
def mentions(db: DatabaseDep, actor: EditorActor, limit: Limit = 50) -> MentionsView:
    """Comments that mention the caller (`@name`), newest first."""
    return service.mentions(db, actor.name, limit)


@router.post("/assignments", responses=error_responses(*_EDIT, *_BODY))
def assign_items(body: BulkAssignRequest, db: DatabaseDep, actor: EditorActor) -> BulkAssignView:
    """Give several items to one editor at once, in one transaction: every item, or (an item
    unknown, final, or the name not an editor's) none."""
    return service.assign_many(db, body, actor)


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
    item's decisions), in the audit trail and in the export. Type `attribution_cue` marks the
    words that say who asserts a claim the report missed or mis-attributed (the reporting verb,
    "assailed"): marked again and again, the desk proposes it as a reporting cue for
    attribution. 422 `invalid_span` when the offsets do not pick words out of the article."""
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


_STREAMED = {
    "application/x-ndjson": (
        "One approved item a line, each as `GET /review/items/{item_id}/export` gives it, "
        "newest first."
    ),
    "text/csv": (
        "A header row, then one row per claim of each approved item (item, source, status, "
        "flags and their decisions, who decided), newest item first."
    ),
}


def _streamed(media_type: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": _STREAMED[media_type],
            "content": {media_type: {"schema": {"type": "string"}}},
        },
        **error_responses(403, 422),
    }


@router.get(
    "/exports/approved.jsonl",
    response_class=StreamingResponse,
    responses=_streamed("application/x-ndjson"),
)
def export_approved_jsonl(
    db: DatabaseDep,
    actor: EditorActor,
    outlet: str | None = None,
    flag_type: FlagType | None = None,
    since: Rfc3339 | None = None,
    until: Rfc3339 | None = None,
) -> StreamingResponse:
    """Approved items the filters select (as in the queue), as JSON lines, streamed; each
    export is an `item.exported` event in the audit chain, as the one-item export is."""
    where = QueueFilter("approved", outlet, flag_type, since, until)
    lines = exports.as_json_lines(exports.approved_exports(db, where, actor))
    return _download(lines, "application/x-ndjson", "approved.jsonl")


@router.get(
    "/exports/approved.csv", response_class=StreamingResponse, responses=_streamed("text/csv")
)
def export_approved_csv(
    db: DatabaseDep,
    actor: EditorActor,
    outlet: str | None = None,
    flag_type: FlagType | None = None,
    since: Rfc3339 | None = None,
    until: Rfc3339 | None = None,
) -> StreamingResponse:
    """Approved items the filters select, one CSV row per claim, streamed."""
    where = QueueFilter("approved", outlet, flag_type, since, until)
    rows = exports.as_csv(exports.approved_exports(db, where, actor))
    return _download(rows, "text/csv", "approved.csv")


def _download(chunks: Iterator[str], media_type: str, filename: str) -> StreamingResponse:
    return StreamingResponse(
        chunks,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post(
    "/webhooks", status_code=status.HTTP_201_CREATED, responses=error_responses(403, *_BODY)
)
def register_webhook(body: WebhookRequest, db: DatabaseDep, actor: AdminActor) -> WebhookCreated:
    """Admins: POST the chosen events to `url`, signed by the Standard Webhooks convention with
    the secret returned here (only now)."""
    return service.register_webhook(db, body, actor)


@router.get("/webhooks", responses=error_responses(403))
def list_webhooks(db: DatabaseDep, _: AdminDep) -> list[WebhookView]:
    return service.list_webhooks(db)


@router.post("/webhooks/{endpoint_id}/disable", responses=error_responses(403, 404, 422))
def disable_webhook(endpoint_id: WebhookId, db: DatabaseDep, actor: AdminActor) -> WebhookView:
    """Stop delivering to the endpoint (deliveries not sent yet are marked failed)."""
    return service.disable_webhook(db, endpoint_id, actor)


@router.get("/webhooks/{endpoint_id}/deliveries", responses=error_responses(403, 404, 422))
def webhook_deliveries(
    endpoint_id: WebhookId, db: DatabaseDep, _: AdminDep, limit: Limit = 50, offset: Offset = 0
) -> DeliveryPage:
    """The endpoint's delivery log, newest first: state, attempts, the receiver's last answer."""
    return service.webhook_deliveries(db, endpoint_id, limit, offset)


@router.post(
    "/webhooks/deliveries/{delivery_id}/redeliver", responses=error_responses(403, 404, 422)
)
def redeliver_webhook(
    delivery_id: Annotated[str, Path(max_length=40)], db: DatabaseDep, actor: AdminActor
) -> DeliveryView:
    """Send a delivery again, with its `webhook-id` unchanged (the receiver de-duplicates)."""
    return service.redeliver_webhook(db, delivery_id, actor)


@router.get("/audit", responses=error_responses(403, 422))
def audit(db: DatabaseDep, _: AdminDep, limit: Limit = 200, offset: Offset = 0) -> AuditPage:
    """The whole audit trail, oldest first."""
    return service.audit_trail(db, None, limit, offset)


@router.get("/stats", responses=error_responses(403))
def stats(db: DatabaseDep, _: EditorActor) -> StatsView:
    """Per flag type and week: how often editors accepted its flags; per flag type and family:
    precision (duplicates apart) and recall estimated from editors' own flags."""
    return acceptance_stats(db)


@router.get("/learning", responses=error_responses(403))
def learning_desk(db: DatabaseDep, settings: SettingsDep, _: AdminActor) -> LearningView:
    """The newsroom's learnt overlay (its version, every rule applied, newest first) and the
    changes editors' decisions propose now, each with the decisions it rests on."""
    return learning.learning_view(db, settings)


@router.get("/learning/tallies", responses=error_responses(403))
def learning_tallies(db: DatabaseDep, _: AdminActor) -> TallyView:
    """Per detector, flag type, term and context (outlet; null: every outlet): how often its
    flags were accepted, rejected, marked duplicate, or added by hand."""
    return learning.term_tallies(db)


@router.post(
    "/learning/rules",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(403, 409, *_BODY),
)
def apply_proposal(
    body: RuleKey, db: DatabaseDep, settings: SettingsDep, actor: AdminActor
) -> OverlayRuleView:
    """Apply a current proposal (its `action`, `flag_type`, `detector`, `term`, `outlet`) to
    the overlay; 409 `not_proposed` when the desk does not propose it now."""
    return learning.apply(db, settings, body, actor)


@router.post("/learning/rules/{rule_id}/revert", responses=error_responses(403, 404, 409, 422))
def revert_rule(rule_id: RowId, db: DatabaseDep, actor: AdminActor) -> OverlayRuleView:
    """Take an applied rule out of the overlay (kept, marked reverted); 409 if it was already."""
    return learning.revert(db, rule_id, actor)
