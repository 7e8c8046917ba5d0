"""Every flag type's one home: what it means, how it weighs, who may raise it, how it looks.

The merge rules (which types make a claim contradicted or unverified), the extractive summary's
penalties, the desk's highlight colours and the verify prompt's list of types a model may report
are all read from `FLAG_TYPES`; adding a flag type means one row here (and its name in
`schemas.verify.FlagType`, which a test keeps equal to this table).
"""

from dataclasses import dataclass
from typing import Literal

from schemas.verify import ContradictionType, FlagType

Family = Literal["sourcing", "certainty", "wording", "conflict", "history", "integrity"]
StatusEffect = Literal["contradicts", "unverifies", "evaluative", "none"]
"""How a flag moves its claim's status (see `service/verify/merge.py`)."""


@dataclass(frozen=True, slots=True)
class FlagSpec:
    type: FlagType
    family: Family
    effect: StatusEffect
    model_may_report: bool
    """Whether the verify prompt offers this type to a model (it must be checkable from text)."""
    summary_penalty: float
    """How much each flag of this type counts against picking its sentence for an extractive
    summary: doubtful sentences should not be what a summary rests on."""
    colour: str
    """Highlight background on the desk."""
    description: str
    """One line for editors and for the model: what raises this flag."""


FLAG_TYPES: tuple[FlagSpec, ...] = (
    FlagSpec(
        "anonymous_source",
        "sourcing",
        "unverifies",
        True,
        3.0,
        "#fde2c8",
        "the source is not named (a source, officials, people familiar with the matter)",
    ),
    FlagSpec(
        "unconfirmed",
        "certainty",
        "unverifies",
        True,
        3.0,
        "#fcd5ce",
        "the article itself says the claim is unconfirmed or could not be verified",
    ),
    FlagSpec(
        "hedged",
        "certainty",
        "unverifies",
        True,
        3.0,
        "#e8e1f5",
        "hedged wording (reportedly, allegedly, is believed to) instead of an established fact",
    ),
    FlagSpec(
        "unattributed_assertion",
        "sourcing",
        "unverifies",
        True,
        0.0,
        "#dbe9f6",
        "a checkable factual assertion the article gives no source for",
    ),
    FlagSpec(
        "loaded_language",
        "wording",
        "evaluative",
        True,
        0.5,
        "#fff1a8",
        "emotive or loaded wording a neutral report would not use",
    ),
    FlagSpec(
        "speculation",
        "certainty",
        "evaluative",
        True,
        3.0,
        "#e2f0d9",
        "an inner state, motive or detail no reporter is shown to have observed",
    ),
    FlagSpec(
        "internal_contradiction",
        "conflict",
        "contradicts",
        True,
        0.0,
        "#f5b7b1",
        "two statements of the article that cannot both hold",
    ),
    FlagSpec(
        "factbase_conflict",
        "conflict",
        "contradicts",
        False,
        0.0,
        "#f5b7b1",
        "a statement against the newsroom's reference facts",
    ),
    FlagSpec(
        "numeric_inconsistency",
        "conflict",
        "contradicts",
        False,
        0.0,
        "#f9d3e0",
        "the same count or figure given two different values",
    ),
    FlagSpec(
        "temporal_inconsistency",
        "conflict",
        "contradicts",
        False,
        0.0,
        "#f9d3e0",
        "the same event given two times that do not overlap",
    ),
    FlagSpec(
        "misidentified_entity",
        "conflict",
        "contradicts",
        False,
        0.0,
        "#f8c471",
        "a place or person put where the reference facts say it is not",
    ),
    FlagSpec(
        "previously_reviewed",
        "history",
        "none",
        False,
        0.0,
        "#d5f5e3",
        "editors ruled on the same claim in an earlier article",
    ),
    # Not for a model to report: a model steered by the instruction is the one thing that
    # cannot be trusted to find it. Its sentences never enter a summary (a hard exclusion, see
    # `Evidence.instruction_sentences`), so no penalty is needed.
    FlagSpec(
        "embedded_instructions",
        "integrity",
        "unverifies",
        False,
        0.0,
        "#d7bde2",
        "wording addressed to an AI model or imitating a prompt (prompt injection), not reporting",
    ),
)

SPECS: dict[FlagType, FlagSpec] = {spec.type: spec for spec in FLAG_TYPES}


def types_with(effect: StatusEffect) -> frozenset[FlagType]:
    return frozenset(spec.type for spec in FLAG_TYPES if spec.effect == effect)


def model_reportable() -> tuple[FlagSpec, ...]:
    return tuple(spec for spec in FLAG_TYPES if spec.model_may_report)


_CONTRADICTION_FLAG: dict[ContradictionType, FlagType] = {
    "numeric": "numeric_inconsistency",
    "temporal": "temporal_inconsistency",
}


def contradiction_flag_type(contradiction: ContradictionType) -> FlagType:
    """The flag a contradiction raises on each claim it involves."""
    return _CONTRADICTION_FLAG.get(contradiction, "internal_contradiction")
