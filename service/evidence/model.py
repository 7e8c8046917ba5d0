"""What the evidence layer finds. Offsets are into `Document.text` (the cleaned text)."""

from dataclasses import dataclass, field

from schemas.verify import ContradictionType, FlagType, SourceKind
from service.evidence.flag_types import contradiction_flag_type

WORDING: frozenset[FlagType] = frozenset({"loaded_language", "name_calling"})
"""The flags of words a neutral report would not use, each with its own neutral alternative."""


@dataclass(frozen=True, slots=True)
class Signal:
    """One deterministic finding: the words that raised it and why."""

    type: FlagType
    start: int
    end: int
    detail: str
    detector: str
    confidence: float
    suggestion: str | None = None
    related: tuple[int, ...] = ()
    """Sentence ids of the other claims this finding involves (for contradictions)."""
    first_use: int | None = None
    """For a loaded term the article used before, the sentence of its first use. The report
    shows a term once, where it first stands (its detail says how often it recurs); the
    evidence keeps every use, so that a neutral summary rewrites each of them."""


@dataclass(frozen=True, slots=True)
class Attribution:
    kind: SourceKind
    name: str | None = None
    role: str | None = None
    affiliation: str | None = None
    verb: str | None = None
    source_start: int | None = None
    """Offsets into `Document.text` of the words that name the source, when the article names
    one (the name, the role noun phrase, "people familiar with the matter")."""
    source_end: int | None = None


@dataclass(slots=True)
class ClaimEvidence:
    """A sentence treated as a claim, who asserts it, and the signals inside it."""

    sentence: int
    start: int
    end: int
    attribution: Attribution
    signals: list[Signal] = field(default_factory=list)
    opinion: bool = False
    corroborated: bool = False
    planted: bool = False
    """Part of an instruction aimed at a model (`embedded_instructions`): never summary content."""


@dataclass(frozen=True, slots=True)
class ContradictionEvidence:
    """Two (or more) sentences that cannot all hold, or one against a reference fact."""

    type: ContradictionType
    sentences: tuple[int, ...]
    explanation: str
    detector: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Finding:
    """What one detector found, in one shape for every detector: flags on the claims
    (sentences) they concern, the contradiction those flags form if any, and the claims a
    reference fact corroborates."""

    flags: tuple[tuple[int, Signal], ...] = ()
    """(sentence id, flag) pairs."""
    contradiction: ContradictionEvidence | None = None
    corroborated: tuple[int, ...] = ()
    planted: tuple[int, ...] = ()
    """Sentences of an instruction aimed at a model, the flagged one and those carrying it on."""

    @classmethod
    def flag(cls, sentence: int, signal: Signal) -> "Finding":
        return cls(flags=((sentence, signal),))

    @classmethod
    def between(
        cls,
        kind: ContradictionType,
        spans: dict[int, tuple[int, int]],
        explanation: str,
        confidence: float,
        detector: str = "rule:consistency",
    ) -> "Finding":
        """The usual shape: the sentences of `spans` cannot all hold, each flagged at its span."""
        contradiction = ContradictionEvidence(kind, tuple(spans), explanation, detector, confidence)
        return cls.contradicting(contradiction, spans)

    @classmethod
    def contradicting(
        cls, contradiction: ContradictionEvidence, spans: dict[int, tuple[int, int]]
    ) -> "Finding":
        """A contradiction, flagged in each involved sentence at the span that shows it."""
        flag_type = contradiction_flag_type(contradiction.type)
        flags = tuple(
            (
                sentence,
                Signal(
                    flag_type,
                    start,
                    end,
                    contradiction.explanation,
                    contradiction.detector,
                    contradiction.confidence,
                    related=tuple(i for i in contradiction.sentences if i != sentence),
                ),
            )
            for sentence, (start, end) in spans.items()
        )
        return cls(flags=flags, contradiction=contradiction)


@dataclass(slots=True)
class Evidence:
    claims: list[ClaimEvidence]
    contradictions: list[ContradictionEvidence]
    quantities: list["Quantity"] = field(default_factory=list)
    times: list["TimeMention"] = field(default_factory=list)

    def signals(self) -> list[Signal]:
        return [signal for claim in self.claims for signal in claim.signals]

    def loaded_terms(self) -> list[Signal]:
        """Loaded wording and name-calling: the words a neutral summary leaves out."""
        return [s for s in self.signals() if s.type in WORDING]

    def instruction_sentences(self) -> frozenset[int]:
        """Sentences of an instruction aimed at a model: never content for a summary."""
        return frozenset(claim.sentence for claim in self.claims if claim.planted)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in the text and what it counts ("3.2 million residents": 3.2e6, residents)."""

    sentence: int
    start: int
    end: int
    value: float
    low: float
    high: float
    referent: str | None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A calendar date, with part of day when given, as an hour interval within the year."""

    sentence: int
    start: int
    end: int
    label: str
    first_hour: int
    last_hour: int
