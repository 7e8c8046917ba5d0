"""POST /verify: request and the verification report."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import ArticleIn, ArticleInfo, Mode, Provenance

SourceKind = Literal["named_source", "anonymous_source", "outlet", "unattributed"]

ClaimStatus = Literal["attributed", "unverified", "contradicted", "corroborated", "opinion"]

FlagType = Literal[
    "anonymous_source",
    "unconfirmed",
    "hedged",
    "unattributed_assertion",
    "loaded_language",
    "name_calling",
    "speculation",
    "internal_contradiction",
    "factbase_conflict",
    "numeric_inconsistency",
    "temporal_inconsistency",
    "misidentified_entity",
    "embedded_instructions",
]

ContradictionType = Literal["control_status", "numeric", "temporal", "role", "modality", "location"]

Verdict = Literal["consistent", "inconsistent", "unsupported", "undecided"]


class VerifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    summary: str | None = Field(
        default=None, description="Optional summary to check, sentence by sentence, against it."
    )
    mode: Mode = "full"


class AssertedBy(BaseModel):
    """Who puts a claim forward, as the article presents them."""

    kind: SourceKind
    name: str | None = None
    role: str | None = None
    affiliation: str | None = None
    verb: str | None = Field(default=None, description="The reporting verb or phrase.")
    start: int | None = Field(
        default=None, ge=0, description="Start of the words naming the source, when named."
    )
    end: int | None = Field(
        default=None, ge=0, description="End (exclusive) of the words naming the source."
    )


class Flag(BaseModel):
    """Something an editor must look at, with the exact words that raised it."""

    type: FlagType
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(description="The submitted text at [start, end).")
    detail: str = Field(description="Why this is flagged, in one or two sentences.")
    detector: str = Field(description="`rule:<name>`, `factbase` or `llm`.")
    confidence: float = Field(ge=0, le=1)
    suggestion: str | None = Field(default=None, description="A neutral alternative, if any.")
    related: list[str] = Field(default_factory=list, description="Ids of related claims.")


class Claim(BaseModel):
    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: int = Field(ge=0)
    asserted_by: AssertedBy
    status: ClaimStatus
    flags: list[Flag]


class Contradiction(BaseModel):
    id: str
    type: ContradictionType
    claims: list[str] = Field(min_length=1, description="Ids of the claims that conflict.")
    explanation: str
    detector: str
    confidence: float = Field(ge=0, le=1)


class SummaryCheckRow(BaseModel):
    sentence: str
    verdict: Verdict
    evidence: list[int] = Field(description="0-based ids of the article sentences compared.")
    reason: str
    decided_by: Literal["rule", "checker"] = Field(
        default="rule",
        description="`rule`: the deterministic check; `checker`: the checker model (MiniCheck "
        "protocol), asked because the rules could not decide.",
    )


class Counts(BaseModel):
    claims: int
    unverified: int
    contradicted: int
    loaded_language: int
    name_calling: int = Field(
        default=0, description="Flags of words that label a person or a group."
    )


class VerifyResponse(BaseModel):
    id: str
    article: ArticleInfo
    claims: list[Claim]
    contradictions: list[Contradiction]
    summary_check: list[SummaryCheckRow] | None = None
    counts: Counts
    warnings: list[str] = Field(default_factory=list)
    provenance: Provenance
