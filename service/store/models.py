"""The review store's tables, as typed SQLAlchemy 2 mappings."""

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from schemas.common import Mode
from schemas.review import (
    AnalysisState,
    ClaimDecision,
    ContradictionDecision,
    Decision,
    ReviewStatus,
)
from schemas.verify import FlagType


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a time without an offset is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Times go in as their UTC instant and come out aware, on every store.

    SQLite has no time zone type: SQLAlchemy wrote the wall-clock time and dropped the offset,
    so 17:09+03:00 came back as a naive 17:09, three hours off and without an offset. Storing
    the UTC instant and marking it UTC on the way out gives SQLite what PostgreSQL's
    `timestamptz` does.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: UTCDateTime(),
    }


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(4000))
    outlet: Mapped[str | None] = mapped_column(String(300), index=True)
    published_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewItem(Base):
    __tablename__ = "review_items"
    # The queue's order, created_at DESC then id DESC, whole (migration 0006): keyset pages
    # are one index range, with or without a status filter.
    __table_args__ = (
        Index("ix_review_items_created_id", "created_at", "id"),
        Index("ix_review_items_status_created_id", "status", "created_at", "id"),
        Index("ix_review_items_analysis_state_lease", "analysis_state", "lease_until"),
        # "Assigned to me", in the queue's order (migration 0010_assignment).
        Index("ix_review_items_assigned_created_id", "assigned_to", "created_at", "id"),
        UniqueConstraint("dedupe_key", name="uq_review_items_dedupe_key"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), unique=True)
    status: Mapped[ReviewStatus] = mapped_column(String(16), default="pending")
    mode: Mapped[Mode] = mapped_column(String(8), default="full")
    max_points: Mapped[int] = mapped_column(default=5)
    analysis_state: Mapped[AnalysisState] = mapped_column(String(16), default="queued")
    error: Mapped[dict[str, Any] | None]
    attempts: Mapped[int] = mapped_column(default=0)
    flag_count: Mapped[int] = mapped_column(default=0)
    undecided_count: Mapped[int] = mapped_column(default=0, server_default="0")
    """Flags without a decision plus open contradictions (service/review/gate.py keeps it)."""
    open_contradictions: Mapped[int] = mapped_column(default=0, server_default="0")
    """Contradictions of the newest report not decided yet (kept beside undecided_count)."""
    gate_override: Mapped[str | None] = mapped_column(Text)
    """The reason an admin gave for approving while something was undecided; else null."""
    # Who the item is given to (an editor's or admin's name), by whom, when and with what note;
    # all null while unassigned (service/review/assignment.py).
    assigned_to: Mapped[str | None] = mapped_column(String(200))
    assigned_by: Mapped[str | None] = mapped_column(String(200))
    assigned_at: Mapped[datetime | None]
    assignment_note: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The analysis job's lease (service/review/lease.py): which worker holds the item, until when.
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None]
    queued_at: Mapped[datetime | None]
    # sha256 of article hash + outlet + url, for batch submissions: one item per article.
    dedupe_key: Mapped[str | None] = mapped_column(String(64))

    article: Mapped[Article] = relationship()


class Batch(Base):
    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    submitted_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BatchItem(Base):
    """An item of a batch; an article already submitted joins the batch with its existing item."""

    __tablename__ = "batch_items"

    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"), primary_key=True)
    position: Mapped[int]
    created: Mapped[bool] = mapped_column(default=True)
    """False: the article was submitted before, and this batch joined its existing item."""


class Analysis(Base):
    __tablename__ = "analyses"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict[str, Any]]
    provenance: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlagRow(Base):
    """One flag of the newest verify result, denormalized so the queue can filter by type."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_type_item", "type", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"), index=True)
    claim_id: Mapped[str] = mapped_column(String(32))
    type: Mapped[FlagType] = mapped_column(String(40))
    detector: Mapped[str] = mapped_column(String(60))
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    """Decisions made on this flag; a decision is stored only if it is still the expected one."""


class FlagDecision(Base):
    __tablename__ = "flag_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"), index=True)
    decision: Mapped[Decision] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    duplicate_of: Mapped[int | None]
    """For `duplicate`: the flag of the same item this one repeats (checked by the desk)."""


class ContradictionDecisionRow(Base):
    """An editor's decision on a contradiction of the report: `accept` (the two statements
    really cannot both hold) or `reject` (they can); the newest per contradiction counts."""

    __tablename__ = "contradiction_decisions"
    __table_args__ = (Index("ix_contradiction_decisions_item", "item_id", "contradiction_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"))
    contradiction_id: Mapped[str] = mapped_column(String(32))
    decision: Mapped[ContradictionDecision] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class Comment(Base):
    """A message in an item's thread, on the item as a whole or on one claim (`claim_id`)."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_item", "item_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"))
    claim_id: Mapped[str | None] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommentMention(Base):
    """An editor named in a comment (`@name`): what their view lists as mentions."""

    __tablename__ = "comment_mentions"
    __table_args__ = (Index("ix_comment_mentions_name", "name", "comment_id"),)

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)


class WebhookEndpoint(Base):
    """A receiver an admin registered for some events; its secret signs every delivery."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[str] = mapped_column(Text)
    """Space-separated event types (service/review/webhooks.py EVENTS)."""
    secret: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]


class WebhookDelivery(Base):
    """One event for one endpoint: the outbox row written with the change it reports, then
    sent (and retried) by workers. `id` is the `webhook-id` a receiver de-duplicates on."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "state", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint", "endpoint_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"))
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    """pending (due at next_attempt_at), sending (a worker holds it until lease_until),
    delivered, failed (attempts exhausted; redeliverable)."""
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]


class SummaryRevision(Base):
    __tablename__ = "summary_revisions"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewedClaim(Base):
    """A claim of an approved item that editors explicitly decided (a flag on it, or the claim
    itself): what later articles are matched against. `outcome`: `confirmed` (vouched for),
    `flagged` (a flag upheld) or `cleared` (its flags judged wrong, nothing confirmed)."""

    __tablename__ = "reviewed_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"), index=True)
    claim_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(40))
    accepted_flags: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimDecisionRow(Base):
    """An editor vouching for a claim itself (or taking it back); the newest per claim counts."""

    __tablename__ = "claim_decisions"
    __table_args__ = (Index("ix_claim_decisions_item_claim", "item_id", "claim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"))
    claim_id: Mapped[str] = mapped_column(String(32))
    decision: Mapped[ClaimDecision] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class PriorReviewLink(Base):
    """A claim of an item matching a reviewed claim of an earlier item, found at analysis."""

    __tablename__ = "prior_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("review_items.id"), index=True)
    claim_id: Mapped[str] = mapped_column(String(32))
    reviewed_claim_id: Mapped[int] = mapped_column(ForeignKey("reviewed_claims.id"))
    similarity: Mapped[float]


class OverlayRule(Base):
    """A rule of the newsroom's learnt overlay an admin applied (service/review/learning.py):
    `suppress` a detector's flags on a term, a `cue` raising flags of a type, or a term's
    `confidence`; everywhere (`outlet` null) or for one outlet. Reverted, never deleted."""

    __tablename__ = "overlay_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    flag_type: Mapped[FlagType] = mapped_column(String(40))
    detector: Mapped[str] = mapped_column(String(60))
    term: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)
    """What the proposal rested on when it was applied, in words ("rejected 5 of 6 ...")."""
    applied_by: Mapped[str] = mapped_column(String(200))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    reverted_by: Mapped[str | None] = mapped_column(String(200))
    reverted_at: Mapped[datetime | None] = mapped_column(index=True)


class ApiKey(Base):
    """Names are unique: the audit trail records who acted by key name."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("uq_api_keys_name", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Account(Base):
    """A person who signs in to the desk with a user name and a password (argon2id hash only).

    Names share one namespace with API key names (service.auth.names): the audit trail records
    who acted by name. Accounts are disabled, never deleted, so that name stays theirs.
    """

    __tablename__ = "accounts"
    __table_args__ = (Index("uq_accounts_name", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    password_set_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]


class DeskSession(Base):
    """A login to the desk, by an account or an API key (exactly one of the two).

    The cookie carries the signed random id; only its hash is stored."""

    __tablename__ = "desk_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Append-only; each row's hash covers its content and the previous row's hash.

    `hash_scheme`: "hmac-sha256" (keyed, since migration 0004) or "sha256" (rows written before).
    """

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), index=True)
    before_digest: Mapped[str | None] = mapped_column(String(64))
    after_digest: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    hash_scheme: Mapped[str] = mapped_column(String(16), server_default="sha256")
    binds_digest: Mapped[str | None] = mapped_column(String(64))
    """The digest of the row's bindings (audit_bindings), covered by its keyed hash; null when
    it binds nothing (every row before migration 0010)."""


class AuditBinding(Base):
    """A row of the store an audit row vouches for: `target` names it (`item:<id>`,
    `article:<id>`, `analysis:<id>`, `flag:<id>`, `revision:<id>`), `digest` is what the row
    was (null: the row was deleted by the desk). Append-only; the newest binding counts."""

    __tablename__ = "audit_bindings"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    target: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """A single row: the chain's length and newest hash. Updating it serializes appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class CachedResponse(Base):
    """A final /summarize or /verify response, by everything that determines it (see cache key).

    Not review data: rows are evicted oldest first beyond DESKCHECK_RESPONSE_CACHE_ENTRIES.
    """

    __tablename__ = "response_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
