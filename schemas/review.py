"""The review desk's API: items in the queue, decisions, revisions, audit and stats."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import ArticleIn, Mode, WholeNumber
from schemas.summarize import SummarizeResponse
from schemas.verify import FlagType, VerifyResponse

ReviewStatus = Literal["pending", "in_review", "approved", "returned"]
AnalysisState = Literal["queued", "done", "failed"]
Decision = Literal["accept", "reject"]


class SubmitRequest(BaseModel):
    """An article to put in the review queue; `fast` skips the model (evidence layer only)."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    mode: Mode = "full"
    max_points: WholeNumber = Field(default=5, ge=1, le=12)


class RetryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Mode | None = Field(default=None, description="Override the item's mode for this run.")


class DecideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    note: str = Field(default="", max_length=4000)


class SummaryEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000)


class ReturnRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=4000)


class ItemError(BaseModel):
    """Why the analysis failed; the item is kept and can be retried."""

    error: str
    detail: str


class QueueEntry(BaseModel):
    id: str
    status: ReviewStatus
    analysis_state: AnalysisState
    title: str | None
    outlet: str | None
    published_at: datetime | None
    created_at: datetime
    flag_count: int
    submitted_by: str
    error: ItemError | None = None


class QueuePage(BaseModel):
    items: list[QueueEntry]
    total: int = Field(description="Items matching the filters, over all pages.")
    limit: int
    offset: int


class ArticleView(BaseModel):
    id: str
    text: str
    sha256: str
    title: str | None
    url: str | None
    outlet: str | None
    published_at: datetime | None
    language: str | None


class FlagView(BaseModel):
    """A flag of the stored report, with its id for decisions and the newest decision."""

    id: int
    claim_id: str
    type: FlagType
    detector: str
    start: int
    end: int
    text: str
    detail: str
    decision: Decision | None = None
    note: str | None = None


class DecisionView(BaseModel):
    id: int
    flag_id: int
    decision: Decision
    note: str
    decided_by: str
    decided_at: datetime


class RevisionView(BaseModel):
    number: int
    text: str
    author: str
    created_at: datetime


class ItemView(BaseModel):
    id: str
    status: ReviewStatus
    mode: Mode
    analysis_state: AnalysisState
    error: ItemError | None
    attempts: int
    submitted_by: str
    created_at: datetime
    updated_at: datetime
    article: ArticleView
    summary: str | None = Field(description="The newest summary revision.")
    summarize: SummarizeResponse | None
    verify: VerifyResponse | None
    flags: list[FlagView]
    decisions: list[DecisionView]
    revisions: list[RevisionView]


class AuditView(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    before_digest: str | None
    after_digest: str | None
    request_id: str | None
    detail: str
    hash: str


class AuditPage(BaseModel):
    entries: list[AuditView]
    total: int


class ExportView(BaseModel):
    """An approved item as published by the desk: the article, its report and the decisions."""

    format: Literal["deskcheck.review/1"] = "deskcheck.review/1"
    item: ItemView
    audit: list[AuditView]


class StatsRow(BaseModel):
    week: str = Field(description="ISO week, e.g. 2026-W47.")
    flag_type: FlagType
    accepted: int
    rejected: int
    acceptance_rate: float = Field(description="accepted / (accepted + rejected).")


class StatsView(BaseModel):
    """How often editors agree with each detector's flag types, per week (newest decision)."""

    weeks: list[StatsRow]
    overall: list[StatsRow] = Field(description="All weeks together; `week` is `all`.")
