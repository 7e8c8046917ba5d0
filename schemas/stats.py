"""The desk's statistics: how often editors agree with each flag type, week by week, and each
type's and family's precision and estimated recall."""

from pydantic import BaseModel, Field

from schemas.verify import FlagType


class StatsRow(BaseModel):
    week: str = Field(description="ISO week, e.g. 2026-W47.")
    flag_type: FlagType
    accepted: int
    rejected: int
    duplicates: int = Field(default=0, description="Marked as repeating another flag: apart.")
    acceptance_rate: float = Field(description="accepted / (accepted + rejected).")


class QualityRow(BaseModel):
    """A flag type's or a family's precision and estimated recall, from editors' decisions on
    the machine's flags (each flag's newest decision) and from editors' own flags."""

    group: str = Field(description="The flag type, or the family.")
    accepted: int
    rejected: int
    duplicates: int = Field(description="Flags marked as repeating another: not counted.")
    precision: float | None = Field(
        description="accepted / (accepted + rejected); null when none was accepted or rejected."
    )
    editor_flags: int = Field(
        description="Flags editors added by hand (detector `editor`) that the machine missed: "
        "not rejected and not marked as a duplicate of another flag."
    )
    recall: float | None = Field(
        description="Estimated: accepted / (accepted + editor_flags). Null when no editor has "
        "added a flag of their own yet (misses are then unknown), or nothing counts."
    )


class StatsView(BaseModel):
    """How often editors agree with each detector's flag types, per week (newest decision)."""

    weeks: list[StatsRow]
    overall: list[StatsRow] = Field(description="All weeks together; `week` is `all`.")
    by_type: list[QualityRow] = Field(default_factory=list)
    by_family: list[QualityRow] = Field(default_factory=list)
    recall_available: bool = Field(
        default=False, description="Whether editors have added flags of their own at all."
    )
