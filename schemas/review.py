"""The review desk's API: items in the queue, decisions, revisions, audit and stats."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from schemas.common import ArticleIn, Mode, WholeNumber
from schemas.summarize import SummarizeResponse
from schemas.verify import FlagType, VerifyResponse

ReviewStatus = Literal["pending", "in_review", "approved", "returned"]
AnalysisState = Literal["queued", "reading", "evidence_done", "model_done", "done", "failed"]
"""Where an item's analysis job is: waiting, running (three steps), finished, or failed."""
IN_ANALYSIS: tuple[AnalysisState, ...] = ("reading", "evidence_done", "model_done")
Decision = Literal["accept", "reject", "duplicate"]
"""On a flag: `accept` (the flag is right), `reject` (it is wrong), `duplicate` (it repeats
another flag of the item, named by `duplicate_of`: neither right nor wrong, counted apart)."""
ContradictionDecision = Literal["accept", "reject"]
"""On a contradiction: `accept` (the statements really cannot both hold), `reject` (they can)."""
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
"""A reason a person must give: not empty, not blank."""
ClaimDecision = Literal["confirm", "withdraw"]
"""`confirm`: an editor checked the claim itself and vouches for it; `withdraw` takes that back."""


class SubmitRequest(BaseModel):
    """An article to put in the review queue; `fast` skips the model (evidence layer only)."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    mode: Mode = "full"
    max_points: WholeNumber = Field(default=5, ge=1, le=12)


class RetryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Mode | None = Field(
        default=None, description="Run the item in this mode from now on (e.g. `fast`)."
    )


class _DecisionFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=4000)
    expected_version: int | None = Field(
        default=None,
        ge=0,
        description="The flag's `version` as you last saw it: the decision is stored only if "
        "nobody decided the flag since (else 409). Omitted: the version the server reads when "
        "the request arrives.",
    )


class AcceptOrRejectRequest(_DecisionFields):
    """The flag is right (`accept`) or wrong (`reject`)."""

    decision: Literal["accept", "reject"]

    @property
    def duplicate_of(self) -> None:
        """Only a `duplicate` decision names another flag."""
        return None


class DuplicateRequest(_DecisionFields):
    """The flag repeats another flag of the item: neither right nor wrong, counted apart."""

    decision: Literal["duplicate"]
    duplicate_of: int = Field(
        description="The id of the flag this one repeats, a flag of the same item on the same "
        "claim or on an overlapping span (not the flag itself).",
    )


# The two shapes are told apart by `decision`, so the published schema itself says that
# `duplicate_of` goes with `duplicate` and only with it (one cross-field rule fewer in code).
DecideRequest = Annotated[AcceptOrRejectRequest | DuplicateRequest, Field(discriminator="decision")]


class ContradictionDecisionRequest(BaseModel):
    """Decide a contradiction of the report: until it is decided, the item cannot be approved."""

    model_config = ConfigDict(extra="forbid")

    decision: ContradictionDecision
    note: str = Field(default="", max_length=4000)


class ApproveRequest(BaseModel):
    """Approve the item. While a flag is undecided or a contradiction open, approval is refused
    (409 `review_incomplete`, saying what remains) unless an admin gives `override_reason`."""

    model_config = ConfigDict(extra="forbid")

    override_reason: Reason | None = Field(
        default=None,
        description="Admins only: approve although flags are undecided or contradictions open, "
        "for this reason (kept in the audit trail and shown on the item and in the queue).",
    )


class ClaimDecisionRequest(BaseModel):
    """Vouch for a claim (or take that back). Deciding its flags does not: accepting `hedged`
    agrees the claim is hedged, rejecting it says the flag was wrong; neither checks the fact."""

    model_config = ConfigDict(extra="forbid")

    decision: ClaimDecision
    note: str = Field(
        default="",
        max_length=4000,
        description="How it was checked, e.g. 'regional health ministry, by phone'.",
    )


class OwnFlagRequest(BaseModel):
    """Words of the article an editor flags by hand: a flag with detector `editor`, accepted as
    it is made (it counts among the item's decisions) and recorded in the audit trail."""

    model_config = ConfigDict(extra="forbid")

    start: WholeNumber = Field(
        ge=0, description="Offset of the first character, into the article's text as submitted."
    )
    end: WholeNumber = Field(
        ge=0,
        description="Offset just past the last character: `text[start:end]` is the words. "
        "Whitespace at either end is left out; a span of whitespace alone is refused.",
    )
    type: FlagType = Field(description="A flag type of the flag table (as in `flags[].type`).")
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        max_length=4000, description="Why the words are flagged: required, shown with the flag."
    )


class SummaryEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000)


class ReturnRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Reason = Field(description="Why the item goes back: required, kept in the audit trail.")


class ItemError(BaseModel):
    """Why the analysis failed; the item is kept and can be retried."""

    error: str
    detail: str


class ItemProgress(BaseModel):
    """Where an item's analysis is; the desk's item page polls this until `finished`."""

    id: str
    analysis_state: AnalysisState
    finished: bool = Field(description="done or failed: nothing more will change by itself.")
    error: ItemError | None
    attempts: int
    flag_count: int


class AnalysisCounts(BaseModel):
    queued: int
    in_analysis: int = Field(description="Claimed by a worker: reading, evidence or model done.")
    failed: int


class QueueEntry(BaseModel):
    id: str
    status: ReviewStatus
    analysis_state: AnalysisState
    title: str | None
    outlet: str | None
    published_at: datetime | None
    created_at: datetime
    flag_count: int
    undecided_count: int = Field(
        default=0, description="Flags without a decision plus contradictions not yet decided."
    )
    open_contradictions: int = Field(
        default=0, description="Contradictions of its report not decided yet."
    )
    gate_override: str | None = Field(
        default=None, description="Why an admin approved it with something undecided; else null."
    )
    submitted_by: str
    error: ItemError | None = None
    assigned_to: str | None = Field(default=None, description="The editor it is given to.")


class QueuePage(BaseModel):
    """One page of the queue, newest first. Page on with `next_cursor`; `offset` still works."""

    items: list[QueueEntry]
    total: int | None = Field(
        description="Items matching the filters, over all pages; counted on offset pages "
        "(the first page included) unless `count=false`, null on cursor pages: counting reads "
        "every match, a page only its own rows."
    )
    limit: int
    offset: int | None = Field(description="The offset asked for; null on cursor pages.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next (older) page with the same filters; "
        "null on the last page. Stable while items are added."
    )


class ArticleView(BaseModel):
    id: str
    text: str
    sha256: str
    title: str | None
    url: str | None
    outlet: str | None
    published_at: datetime | None
    language: str | None


PriorStanding = Literal["provisional", "settled", "returned"]
"""How far another item's decisions stand: `provisional` while that item is still open (its
editors may change them until it is approved), `settled` once it is approved, `returned` when it
was sent back instead (never approved: shown with who returned it, when and why)."""


class ReturnNote(BaseModel):
    """Who sent an item back, when, and the reason they gave (from the audit trail)."""

    returned_by: str
    returned_at: datetime
    reason: str


class EarlierRejection(BaseModel):
    """The same flag (type and words) on the same claim, rejected by an editor in another item:
    the flag is being raised again."""

    item_id: str = Field(description="The other item.")
    claim_id: str = Field(description="The matching claim there.")
    flag_id: int = Field(description="The flag an editor rejected there.")
    text: str = Field(description="The words that flag marked.")
    rejected_by: str
    rejected_at: datetime
    reason: str = Field(description="The note the editor gave with the rejection (may be empty).")
    standing: PriorStanding = Field(
        description="`provisional` until that item is approved; `returned` if it was sent back."
    )
    returned: ReturnNote | None = Field(
        default=None, description="With `returned`: who sent that item back and why."
    )
    url: str = Field(description="The rejected flag on the desk.")


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
    duplicate_of: int | None = Field(
        default=None, description="With the decision `duplicate`: the flag this one repeats."
    )
    version: int = Field(
        default=0, description="How many decisions the flag has had; send it as expected_version."
    )
    rejected_before: list[EarlierRejection] = Field(
        default_factory=list,
        description="The same flag on the same claim, rejected by an editor in another item "
        "(approved, open or returned), newest first.",
    )


class DecisionView(BaseModel):
    id: int
    flag_id: int
    decision: Decision
    note: str
    decided_by: str
    decided_at: datetime
    duplicate_of: int | None = None


class ContradictionDecisionView(BaseModel):
    id: int
    contradiction_id: str
    decision: ContradictionDecision
    note: str
    decided_by: str
    decided_at: datetime


class GateView(BaseModel):
    """What stands between the item and its approval."""

    undecided_flags: list[int] = Field(description="Ids of flags without a decision.")
    open_contradictions: list[str] = Field(description="Ids of contradictions not decided.")
    override_reason: str | None = Field(
        description="Set when an admin approved over what remained: the reason they gave."
    )


class ClaimDecisionView(BaseModel):
    id: int
    claim_id: str
    decision: ClaimDecision
    note: str
    decided_by: str
    decided_at: datetime


class PriorDecision(BaseModel):
    """One explicit editor decision on the earlier claim (the newest on each flag or claim)."""

    action: Literal["accepted", "rejected", "confirmed"] = Field(
        description="`accepted`/`rejected`: a flag of that type on the claim was upheld or judged "
        "wrong; `confirmed`: an editor vouched for the claim itself."
    )
    flag_type: FlagType | None = Field(description="The flag decided; null for `confirmed`.")
    note: str
    decided_by: str
    decided_at: datetime
    flag_id: int | None = Field(default=None, description="The earlier flag; null for `confirmed`.")
    flag_text: str | None = Field(
        default=None, description="The words the earlier flag marked; null for `confirmed`."
    )


class PriorReview(BaseModel):
    """A claim of this item that editors ruled on in another item: approved, still open, or
    returned (`standing`)."""

    claim_id: str = Field(description="The claim of this item that matches.")
    item_id: str = Field(description="The earlier item.")
    earlier_claim_id: str
    earlier_text: str
    similarity: float = Field(ge=0, le=100, description="Text similarity of the two claims, %.")
    decisions: list[PriorDecision] = Field(description="What editors decided there, oldest first.")
    url: str = Field(description="The earlier claim on the desk.")
    standing: PriorStanding = Field(
        description="`provisional` until the earlier item is approved (`settled`); `returned` "
        "if it was sent back instead.",
    )
    returned: ReturnNote | None = Field(
        default=None, description="With `returned`: who sent the earlier item back and why."
    )


class RevisionView(BaseModel):
    number: int
    text: str
    author: str
    created_at: datetime


class AssignmentView(BaseModel):
    """Who an item is given to, by whom, when, and the note that came with it."""

    assigned_to: str
    assigned_by: str
    assigned_at: datetime
    note: str


Assignee = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
"""An editor's or admin's name: an account's user name or an API key's name."""


class AssignRequest(BaseModel):
    """Give the item to an editor (or an admin) with a note; `assignee` null takes it back."""

    model_config = ConfigDict(extra="forbid")

    assignee: Assignee | None
    note: str = Field(default="", max_length=4000)


class BulkAssignRequest(BaseModel):
    """Give several items to one editor at once: all of them, or none if any cannot be given."""

    model_config = ConfigDict(extra="forbid")

    item_ids: list[Annotated[str, StringConstraints(min_length=1, max_length=32)]] = Field(
        min_length=1, max_length=200
    )
    assignee: Assignee | None
    note: str = Field(default="", max_length=4000)


class ItemAssignment(BaseModel):
    item_id: str
    assignment: AssignmentView | None


class BulkAssignView(BaseModel):
    items: list[ItemAssignment]


class CommentRequest(BaseModel):
    """A message in the item's thread; `claim_id` puts it on one claim. `@name` mentions an
    editor or admin: the comment then shows among their mentions."""

    model_config = ConfigDict(extra="forbid")

    text: Reason
    claim_id: str | None = Field(
        default=None, max_length=32, description="The claim it is about; null: the whole item."
    )


class CommentView(BaseModel):
    id: int
    item_id: str
    claim_id: str | None
    author: str
    text: str
    created_at: datetime
    mentions: list[str] = Field(description="The editors it names with `@name`.")


class MentionsView(BaseModel):
    """Comments that name the caller, newest first."""

    comments: list[CommentView]


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
    claim_decisions: list[ClaimDecisionView] = Field(
        description="Claims editors confirmed (or withdrew a confirmation of), oldest first."
    )
    prior_reviews: list[PriorReview] = Field(
        description="Claims matching ones editors decided in other items, by claim: settled "
        "(approved), provisional (still open) or returned."
    )
    revisions: list[RevisionView]
    contradiction_decisions: list[ContradictionDecisionView] = Field(
        default_factory=list, description="Decisions on the report's contradictions, oldest first."
    )
    gate: GateView | None = Field(
        default=None, description="What remains before approval (null before the analysis)."
    )
    assignment: AssignmentView | None = Field(
        default=None, description="Who the item is given to; null while unassigned."
    )
    comments: list[CommentView] = Field(
        default_factory=list, description="The item's thread, oldest first."
    )


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
    hash: str = Field(
        description="The entry's link in the audit chain (HMAC-SHA256 over its content and the "
        "previous entry's hash): a printed report quotes it, and `deskcheck audit verify` "
        "recomputes it."
    )


class AuditPage(BaseModel):
    entries: list[AuditView]
    total: int


class ExportView(BaseModel):
    """An approved item as published by the desk: the article, its report and the decisions."""

    format: Literal["deskcheck.review/1"] = "deskcheck.review/1"
    item: ItemView
    audit: list[AuditView]


class BatchRequest(BaseModel):
    """Articles to queue at once. Idempotent per article: one whose text hash, outlet and url
    match an earlier batch's article joins this batch with its existing item."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)
    mode: Mode = "full"
    max_points: int = Field(default=5, ge=1, le=12)


class BatchEntry(BaseModel):
    item_id: str
    created: bool = Field(description="False: the article was submitted before; its item is kept.")


class BatchView(BaseModel):
    id: str
    submitted_by: str
    created_at: datetime
    total: int
    counts: dict[AnalysisState, int] = Field(description="Items of the batch per analysis state.")
    finished: bool = Field(description="Every item is done or failed.")
    items: list[BatchEntry]
