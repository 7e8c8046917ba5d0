"""The review desk's work: submit, retry, decide, edit, approve, return, export, read.

Submitting and retrying only store and enqueue: workers run the analysis (service/jobs).
"""

import hashlib
import uuid

from sqlalchemy.orm import Session

from schemas.review import (
    IN_ANALYSIS,
    AnalysisCounts,
    AssignRequest,
    AuditPage,
    BulkAssignRequest,
    BulkAssignView,
    ClaimDecisionRequest,
    CommentRequest,
    CommentView,
    ContradictionDecisionRequest,
    DecideRequest,
    ExportView,
    ItemAssignment,
    ItemProgress,
    ItemView,
    MentionsView,
    OwnFlagRequest,
    QueuePage,
    SubmitRequest,
)
from schemas.webhooks import (
    DeliveryPage,
    DeliveryView,
    WebhookCreated,
    WebhookRequest,
    WebhookView,
)
from service.config import Settings
from service.jobs.queue import JobQueue
from service.pipeline.intake import intake
from service.review import lease, repository, webhooks
from service.review.assignment import assign_items, assignable_names
from service.review.bindings import bound
from service.review.comments import add_comment, comments_of, mentions_of
from service.review.context import Actor
from service.review.cursor import QueueCursor
from service.review.decisions import (
    ClaimTarget,
    ContradictionTarget,
    FlagTarget,
    record_decision,
)
from service.review.errors import InvalidTransition, NotReady, ReasonRequired
from service.review.exports import export_of, recorded_export
from service.review.feedback import record_approval
from service.review.gate import passage
from service.review.own_flags import record_own_flag
from service.review.priors import keep_new_matches
from service.review.repository import AuditFilter, QueueFilter, load_item, next_revision
from service.review.transitions import OPEN, hold_open, move, record_state_change, transition
from service.review.views import (
    assignment_view,
    audit_view,
    item_error,
    item_view,
    queue_entries,
    stored_report,
)
from service.store import Database
from service.store.audit import AuditEvent, append_audit
from service.store.models import Article, ReviewItem, SummaryRevision
from service.store.search import index_item


def submit(
    db: Database, settings: Settings, queue: JobQueue, request: SubmitRequest, actor: Actor
) -> ItemView:
    """Store the article, then enqueue its analysis: the caller gets the queued item at once."""
    intake(request.article, settings)  # refuse what cannot be analysed before storing it
    item_id = store_submission(db, request, actor)
    accepted = get_item(db, item_id)  # as accepted: a worker may take it the moment it is queued
    queue.enqueue(item_id)
    return accepted


def retry(
    db: Database, queue: JobQueue, item_id: str, actor: Actor, mode: str | None = None
) -> ItemView:
    """A failed item goes back in the queue; a queued or running one is joined, not doubled."""
    if lease.requeue_failed(db, item_id, mode, actor):
        accepted = get_item(db, item_id)
        queue.enqueue(item_id)
        return accepted
    return get_item(db, item_id)


def store_submission(
    db: Database, request: SubmitRequest, actor: Actor, dedupe_key: str | None = None
) -> str:
    with db.session() as session:
        return add_submission(session, request, actor, dedupe_key)


def add_submission(
    session: Session, request: SubmitRequest, actor: Actor, dedupe_key: str | None = None
) -> str:
    """The article and its queued item, with their audit row, in the caller's transaction."""
    article = request.article
    stored = Article(
        id=uuid.uuid4().hex,
        text=article.text,
        sha256=digest_text(article.text),
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        published_at=article.published_at,
        language=article.language,
    )
    item = ReviewItem(
        id=uuid.uuid4().hex,
        article_id=stored.id,
        status="pending",
        analysis_state="queued",
        mode=request.mode,
        max_points=request.max_points,
        submitted_by=actor.name,
        queued_at=lease.now(),
        dedupe_key=dedupe_key,
    )
    session.add_all([stored, item])
    session.flush()  # a duplicate dedupe_key fails here, before the audit row
    index_item(session, item.id, article.title, article.outlet, article.text)
    detail = f"mode {request.mode}, article sha256 {stored.sha256}"
    record_state_change(session, item, None, "item.submitted", actor, detail, bound(item))
    return item.id


def get_item(db: Database, item_id: str) -> ItemView:
    with db.session() as session:
        return item_view(session, load_item(session, item_id))


def item_progress(db: Database, item_id: str) -> ItemProgress:
    with db.session() as session:
        item = load_item(session, item_id)
        return ItemProgress(
            id=item.id,
            analysis_state=item.analysis_state,
            finished=item.analysis_state in ("done", "failed"),
            error=item_error(item.error),
            attempts=item.attempts,
            flag_count=item.flag_count,
        )


def analysis_counts(db: Database) -> AnalysisCounts:
    with db.session() as session:
        by_state = repository.analysis_state_counts(session)
    return AnalysisCounts(
        queued=by_state.get("queued", 0),
        in_analysis=sum(by_state.get(state, 0) for state in IN_ANALYSIS),
        failed=by_state.get("failed", 0),
    )


def list_queue(
    db: Database,
    where: QueueFilter,
    limit: int,
    *,
    offset: int = 0,
    cursor: str | None = None,
    count: bool = True,
) -> QueuePage:
    """A page after `cursor` (keyset: as cheap at any depth, never counted) or at `offset`
    (counted unless `count` is off: the count reads every match, the page only `limit`); with
    both, `offset` rows past the cursor."""
    after = QueueCursor.decode(cursor) if cursor is not None else None
    with db.session() as session:
        rows = repository.queue_page(session, where, limit + 1, offset=offset, after=after)
        counted = count and after is None
        total = repository.queue_count(session, where) if counted else None
    shown = rows[:limit]
    more = len(rows) > limit
    # The entries are validated (queue_entries) and the rest is ours: validating the page
    # again would check every entry a second time.
    return QueuePage.model_construct(
        items=queue_entries(shown),
        total=total,
        limit=limit,
        offset=None if after is not None and not offset else offset,
        next_cursor=QueueCursor(shown[-1].created_at, shown[-1].id).encode() if more else None,
    )


def start_review(db: Database, item_id: str, actor: Actor) -> ItemView:
    with db.session() as session:
        item = load_item(session, item_id)
        _require_analysis(item)
        transition(session, item, "in_review", actor)
        return item_view(session, item)


def decide_flag(
    db: Database, item_id: str, flag_id: int, request: DecideRequest, actor: Actor
) -> ItemView:
    """Store a decision if the flag is still at the version the editor saw (else 409)."""
    with db.session() as session:
        item = _editable(session, item_id)
        target = FlagTarget.find(
            session, item_id, flag_id, request.expected_version, request.duplicate_of
        )
        record_decision(session, item, target, request.decision, request.note, actor)
        return item_view(session, item)


def decide_contradiction(
    db: Database,
    item_id: str,
    contradiction_id: str,
    request: ContradictionDecisionRequest,
    actor: Actor,
) -> ItemView:
    """Uphold a contradiction of the report, or dismiss it: until then the item cannot pass."""
    with db.session() as session:
        item = _editable(session, item_id)
        target = ContradictionTarget.find(session, item_id, contradiction_id)
        record_decision(session, item, target, request.decision, request.note, actor)
        return item_view(session, item)


def decide_claim(
    db: Database, item_id: str, claim_id: str, request: ClaimDecisionRequest, actor: Actor
) -> ItemView:
    """Confirm a claim (an editor checked it and vouches for it), or withdraw that.

    The one decision that confirms a claim: approving the item or deciding its flags does not.
    """
    with db.session() as session:
        item = _editable(session, item_id)
        target = ClaimTarget.find(session, item_id, claim_id)
        record_decision(session, item, target, request.decision, request.note, actor)
        return item_view(session, item)


def add_own_flag(
    db: Database, item_id: str, request: OwnFlagRequest, actor: Actor
) -> tuple[ItemView, int]:
    """Flag words of the article by hand (accepted as made); the item and the new flag's id."""
    with db.session() as session:
        item = _editable(session, item_id)
        flag = record_own_flag(session, item, request, actor)
        return item_view(session, item), flag.id


def edit_summary(db: Database, item_id: str, text: str, actor: Actor) -> ItemView:
    with db.session() as session:
        item = _editable(session, item_id)
        hold_open(session, item, actor)  # revisions are numbered under the item's lock
        before = repository.revisions_of(session, item_id)
        number = next_revision(session, item_id)
        revision = SummaryRevision(item_id=item_id, number=number, text=text, author=actor.name)
        session.add(revision)
        session.flush()
        append_audit(
            session,
            AuditEvent(
                actor.name,
                "summary.edited",
                f"item:{item_id}/summary",
                before[-1].text if before else None,
                text,
                actor.request_id,
                f"revision {number}",
                bound(revision),
            ),
        )
        return item_view(session, item)


def approve(
    db: Database,
    item_id: str,
    actor: Actor,
    override_reason: str | None = None,
    may_override: bool = False,
) -> ItemView:
    """Approve once nothing remains undecided; else refuse, naming what remains, unless an
    admin (`may_override`) gives a reason: the reason is then bound to the item's state."""
    with db.session() as session:
        item = load_item(session, item_id)
        _require_analysis(item)
        before = move(session, item, "approved")  # the item's row is locked from here
        overridden = passage(session, item, override_reason, may_override)  # may refuse
        item.gate_override = override_reason if overridden else None
        record_state_change(session, item, before, "item.approved", actor, overridden or "")
        report = repository.latest_analysis(session, item_id, "verify")
        assert report is not None  # _require_analysis: a done item has its report
        record_approval(session, item_id, stored_report(report))
        keep_new_matches(session, item_id)
        webhooks.item_event(session, "item.approved", item, by=actor.name)
        return item_view(session, item)


def return_item(db: Database, item_id: str, note: str, actor: Actor) -> ItemView:
    """Send the item back; only with a reason, which the audit trail keeps."""
    note = note.strip()
    if not note:
        raise ReasonRequired(
            'returning an item needs a reason: send {"note": "why it goes back"}',
            for_editors="Not returned: say why it goes back, in the box beside Return.",
        )
    with db.session() as session:
        item = load_item(session, item_id)
        transition(session, item, "returned", actor, note)
        keep_new_matches(session, item_id)
        webhooks.item_event(session, "item.returned", item, by=actor.name, note=note)
        return item_view(session, item)


def assign(db: Database, item_id: str, request: AssignRequest, actor: Actor) -> ItemView:
    """Give the item to an editor with a note (or to nobody)."""
    with db.session() as session:
        (item,) = assign_items(session, [item_id], request.assignee, request.note, actor)
        return item_view(session, item)


def assign_many(db: Database, request: BulkAssignRequest, actor: Actor) -> BulkAssignView:
    """Give several items to one editor in one transaction: all of them, or none."""
    with db.session() as session:
        items = assign_items(session, request.item_ids, request.assignee, request.note, actor)
        return BulkAssignView(
            items=[ItemAssignment(item_id=i.id, assignment=assignment_view(i)) for i in items]
        )


def assignees(db: Database) -> list[str]:
    with db.session() as session:
        return assignable_names(session)


def open_assigned(db: Database, assignee: str) -> int:
    with db.session() as session:
        return repository.open_assigned_count(session, assignee)


def comment(db: Database, item_id: str, request: CommentRequest, actor: Actor) -> CommentView:
    """Add a comment to the item's thread (on a claim if one is named)."""
    with db.session() as session:
        item = load_item(session, item_id)
        added = add_comment(session, item, request.claim_id, request.text, actor)
        view = next(c for c in comments_of(session, item_id) if c.id == added.id)
        webhooks.item_event(
            session,
            "comment.added",
            item,
            comment_id=view.id,
            author=view.author,
            claim_id=view.claim_id,
            text=view.text,
            mentions=view.mentions,
        )
        return view


def mentions(db: Database, name: str, limit: int = 50) -> MentionsView:
    with db.session() as session:
        return MentionsView(comments=mentions_of(session, name, limit))


def register_webhook(db: Database, request: WebhookRequest, actor: Actor) -> WebhookCreated:
    with db.session() as session:
        endpoint = webhooks.register(session, request.url, list(request.events), actor)
        view = webhooks.endpoint_view(endpoint)
        return WebhookCreated(**view.model_dump(), secret=endpoint.secret)


def list_webhooks(db: Database) -> list[WebhookView]:
    with db.session() as session:
        return webhooks.endpoints(session)


def disable_webhook(db: Database, endpoint_id: int, actor: Actor) -> WebhookView:
    with db.session() as session:
        return webhooks.endpoint_view(webhooks.disable(session, endpoint_id, actor))


def webhook_deliveries(db: Database, endpoint_id: int, limit: int, offset: int) -> DeliveryPage:
    with db.session() as session:
        return webhooks.deliveries(session, endpoint_id, limit, offset)


def redeliver_webhook(db: Database, delivery_id: str, actor: Actor) -> DeliveryView:
    with db.session() as session:
        return webhooks.delivery_view(webhooks.redeliver(session, delivery_id, actor))


def export_item(db: Database, item_id: str, actor: Actor) -> ExportView:
    """The approved item as exported, recorded in the chain (exports.recorded_export)."""
    with db.session() as session:
        return recorded_export(session, item_id, actor)


def printed_export(db: Database, item_id: str) -> ExportView:
    """What the printed report shows: the export as it stands, without recording one."""
    with db.session() as session:
        return export_of(session, item_id)


def audit_search(
    db: Database, where: AuditFilter, limit: int, offset: int
) -> tuple[AuditPage, list[str]]:
    """A page of the whole trail, newest first, and every action it holds (for choosing)."""
    with db.session() as session:
        entries, total = repository.audit_search(session, where, limit, offset)
        page = AuditPage(entries=[audit_view(e) for e in entries], total=total)
        return page, repository.audit_actions(session)


def audit_trail(db: Database, item_id: str | None, limit: int, offset: int) -> AuditPage:
    with db.session() as session:
        if item_id is not None:
            load_item(session, item_id)
        target = f"item:{item_id}" if item_id else None
        entries, total = repository.audit_of(session, target, limit, offset)
        return AuditPage(entries=[audit_view(e) for e in entries], total=total)


def digest_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _editable(session: Session, item_id: str) -> ReviewItem:
    """An item editors may change: analysed, not final (hold_open then locks it)."""
    item = load_item(session, item_id)
    _require_analysis(item)
    if item.status not in OPEN:
        raise InvalidTransition(
            f"the item is {item.status}: decisions and edits are closed on final items"
        )
    return item


def _require_analysis(item: ReviewItem) -> None:
    if item.analysis_state != "done":
        why = f" ({item.error['detail']})" if item.error else ""
        raise NotReady(
            f"the item has no analysis yet: it is {item.analysis_state}{why}; "
            f"POST /review/items/{item.id}/retry to run it again",
            for_editors=f"this article has no finished analysis yet (it is "
            f"{item.analysis_state.replace('_', ' ')}); wait for it, or use Retry if it failed",
        )
