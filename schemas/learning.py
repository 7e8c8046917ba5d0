"""The desk that learns: what editors' decisions say of each detector's terms, the changes the
desk proposes from them, and the newsroom's overlay of applied changes."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from schemas.verify import FlagType

RuleAction = Literal["suppress", "cue", "confidence"]
"""`suppress` a detector's flags on a term; a `cue`: words that raise a flag of a type; a
term's `confidence`."""


class TermTally(BaseModel):
    """Editors' decisions on one detector's flags of one type on one term, in one context."""

    detector: str = Field(description="`rule:<family>`, `factbase`, `newsroom`, or `editor`.")
    flag_type: FlagType
    term: str = Field(description="The flag's words, lower-cased, spaces collapsed.")
    outlet: str | None = Field(description="The outlet; null: every outlet together.")
    accepted: int
    rejected: int
    duplicates: int
    added: int = Field(description="Flags editors added by hand on these words (`editor`).")
    precision: float | None = Field(
        description="accepted / (accepted + rejected); null when neither."
    )


class RuleKey(BaseModel):
    """Which change: the proposal's or rule's identity (what `apply` is given)."""

    action: RuleAction
    flag_type: FlagType
    detector: str = Field(max_length=60)
    term: str = Field(min_length=1, max_length=200)
    outlet: str | None = Field(default=None, max_length=300)


class Proposal(RuleKey):
    """A change the desk proposes from the tallies, with what it rests on."""

    confidence: float | None = Field(description="The confidence a `confidence` rule sets.")
    evidence: str = Field(description="The decisions it rests on, in words.")
    family: str = Field(description="The flag type's family.")


class OverlayRuleView(RuleKey):
    id: int
    confidence: float | None
    evidence: str
    applied_by: str
    applied_at: datetime
    reverted_by: str | None
    reverted_at: datetime | None
    active: bool


class LearningView(BaseModel):
    """The learning desk: the overlay's version, its rules (newest first), the proposals."""

    overlay_version: int = Field(
        description="Applies and reverts so far: every change makes a new version."
    )
    active_rules: int
    rules: list[OverlayRuleView]
    proposals: list[Proposal]


class TallyView(BaseModel):
    tallies: list[TermTally]
