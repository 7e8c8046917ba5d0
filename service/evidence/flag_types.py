"""Every flag type's one home: what it means, how it weighs, who may raise it, how it looks.

The merge rules (which types make a claim contradicted or unverified), the extractive summary's
penalties, the desk's highlight colours and the verify prompt's list of types a model may report
are all read from `FLAG_TYPES`; adding a flag type means one row here (and its name in
`schemas.verify.FlagType`, which a test keeps equal to this table).
"""

from dataclasses import dataclass
from typing import Literal

from schemas.verify import ContradictionType, FlagType

Family = Literal["sourcing", "certainty", "wording", "conflict", "integrity"]


@dataclass(frozen=True, slots=True)
class FamilyStyle:
    """How the desk shows a family of flags: never by colour alone (label and underline too)."""

    label: str
    colour: str
    """Highlight background: one hue per family, light enough to read dark text on."""
    underline: Literal["solid", "dotted", "dashed", "double", "wavy"]
    """The CSS text-decoration style under a highlight: a second cue where colours blur."""
    description: str


FAMILIES: dict[Family, FamilyStyle] = {
    "sourcing": FamilyStyle(
        "Sourcing", "#cfe2f3", "solid", "who says it: an unnamed source, or no source at all"
    ),
    "certainty": FamilyStyle(
        "Certainty", "#e4d9f5", "dotted", "how sure: unconfirmed, hedged or speculative"
    ),
    "wording": FamilyStyle(
        "Wording",
        "#fff1a8",
        "wavy",
        "loaded or emotive words, and labels pinned on people, that a neutral report would not use",
    ),
    "conflict": FamilyStyle(
        "Contradiction",
        "#f5b5ae",
        "double",
        "cannot hold together with another statement or with the reference facts",
    ),
    "integrity": FamilyStyle(
        "Instructions to a model",
        "#d6d6d6",
        "solid",
        "text addressed to an AI model (prompt injection), not reporting",
    ),
}
"""The desk's colour key, in the order it lists the families."""

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
    description: str
    """One line for editors and for the model: what raises this flag."""

    @property
    def colour(self) -> str:
        """Highlight background on the desk: its family's, so a colour means one kind of doubt."""
        return FAMILIES[self.family].colour


FLAG_TYPES: tuple[FlagSpec, ...] = (
    FlagSpec(
        "anonymous_source",
        "sourcing",
        "unverifies",
        True,
        3.0,
        "the source is not named (a source, officials, people familiar with the matter)",
    ),
    FlagSpec(
        "unconfirmed",
        "certainty",
        "unverifies",
        True,
        3.0,
        "the article itself says the claim is unconfirmed or could not be verified",
    ),
    FlagSpec(
        "hedged",
        "certainty",
        "unverifies",
        True,
        3.0,
        "hedged wording (reportedly, allegedly, is believed to) instead of an established fact",
    ),
    FlagSpec(
        "unattributed_assertion",
        "sourcing",
        "unverifies",
        True,
        0.0,
        "a checkable factual assertion the article gives no source for",
    ),
    FlagSpec(
        "loaded_language",
        "wording",
        "evaluative",
        True,
        0.5,
        "emotive or loaded wording a neutral report would not use",
    ),
    # Not offered to a model: the lexicon's labels and WordNet's person nouns decide it, and
    # a model's "loaded_language" on the same words is folded into it (one family).
    FlagSpec(
        "name_calling",
        "wording",
        "evaluative",
        False,
        0.5,
        "a label or a judgement pinned on a person or a group (a notorious crook, thugs)",
    ),
    FlagSpec(
        "speculation",
        "certainty",
        "evaluative",
        True,
        3.0,
        "an inner state, motive or detail no reporter is shown to have observed",
    ),
    FlagSpec(
        "internal_contradiction",
        "conflict",
        "contradicts",
        True,
        0.0,
        "two statements of the article that cannot both hold",
    ),
    FlagSpec(
        "factbase_conflict",
        "conflict",
        "contradicts",
        False,
        0.0,
        "a statement against the newsroom's reference facts",
    ),
    FlagSpec(
        "numeric_inconsistency",
        "conflict",
        "contradicts",
        False,
        0.0,
        "the same count or figure given two different values",
    ),
    FlagSpec(
        "temporal_inconsistency",
        "conflict",
        "contradicts",
        False,
        0.0,
        "the same event given two times that do not overlap",
    ),
    FlagSpec(
        "misidentified_entity",
        "conflict",
        "contradicts",
        False,
        0.0,
        "a place or person put where the reference facts say it is not",
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
        "wording addressed to an AI model or imitating a prompt (prompt injection), not reporting",
    ),
)

SPECS: dict[FlagType, FlagSpec] = {spec.type: spec for spec in FLAG_TYPES}

RETIRED_FLAG_TYPES: frozenset[str] = frozenset({"previously_reviewed"})
"""Types stores may still hold but no API shows: `previously_reviewed` became a note on the claim
(schemas.review.PriorReview). Their rows stay (decisions on them are in the audit chain)."""


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
