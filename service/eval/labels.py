"""Labeled cases as people write them, and the same labels resolved to character offsets.

Labels quote the words they mean instead of counting characters: a quote is resolved against the
article here, and a quote that is missing or ambiguous is an error that names the line and field,
because a silently misplaced label would corrupt every figure computed from it.
"""

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.verify import ClaimStatus, ContradictionType, FlagType, Verdict


class CaseFileError(Exception):
    """A case or properties file that cannot be used, with where and what to fix."""

    def __init__(self, where: str, field: str, problem: str) -> None:
        super().__init__(f"{where}, field {field}: {problem}")
        self.where = where
        self.field = field
        self.problem = problem


# ---- the format as written (validated with pydantic so errors name the field) ----


class FlagLabel(BaseModel):
    """A flag an expert editor would raise: its type and the exact words that raise it."""

    model_config = ConfigDict(extra="forbid")

    type: FlagType
    text: str = Field(min_length=1, description="The exact quoted words of the article.")
    occurrence: int | None = Field(default=None, ge=1, description="1-based, if text repeats.")
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    note: str | None = None

    @model_validator(mode="after")
    def _offsets_come_in_pairs(self) -> "FlagLabel":
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.start is not None and self.occurrence is not None:
            raise ValueError("give occurrence or start/end, not both")
        return self


class ContradictionLabel(BaseModel):
    """Two statements that cannot both hold; `texts` quote them (optional, any may match)."""

    model_config = ConfigDict(extra="forbid")

    type: ContradictionType
    texts: list[str] = Field(default_factory=list)
    note: str | None = None


class StatusLabel(BaseModel):
    """The claim containing `text_contains` must carry `status`."""

    model_config = ConfigDict(extra="forbid")

    text_contains: str = Field(min_length=1)
    status: ClaimStatus


class CaseLabel(BaseModel):
    """One line of a cases file."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    article: str | None = None
    article_file: str | None = None
    summary: str | None = None
    expected_flags: list[FlagLabel] = Field(default_factory=list)
    expected_verdicts: list[Verdict] | None = None
    expected_contradictions: list[ContradictionLabel] = Field(default_factory=list)
    expected_statuses: list[StatusLabel] = Field(default_factory=list)
    exhaustive: bool = Field(
        default=True,
        description="false: the labels are a minimum, so unlabeled predictions are not errors.",
    )
    notes: str | None = None

    @model_validator(mode="after")
    def _one_article_source(self) -> "CaseLabel":
        if (self.article is None) == (self.article_file is None):
            raise ValueError("give exactly one of article or article_file")
        if self.expected_verdicts is not None and self.summary is None:
            raise ValueError("expected_verdicts needs a summary")
        return self


# ---- the same labels, resolved to offsets into the article as submitted ----


@dataclass(frozen=True, slots=True)
class ExpectedFlag:
    type: FlagType
    start: int
    end: int
    text: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ExpectedContradiction:
    type: ContradictionType
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class ExpectedStatus:
    text_contains: str
    status: ClaimStatus


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    article: str
    summary: str | None
    flags: tuple[ExpectedFlag, ...]
    verdicts: tuple[Verdict, ...] | None
    contradictions: tuple[ExpectedContradiction, ...]
    statuses: tuple[ExpectedStatus, ...]
    notes: str | None
    origin: str
    """Where the case was read from (`file:line`), for messages."""
    exhaustive: bool = True
    """Every flag and contradiction an editor would raise is labeled (so extras are errors)."""


def resolve_case(label: CaseLabel, article: str, origin: str) -> Case:
    """Turn quotes into offsets; raises CaseFileError naming the field that does not resolve."""
    flags = tuple(
        _resolve_flag(flag, article, origin, f"expected_flags[{i}]")
        for i, flag in enumerate(label.expected_flags)
    )
    contradictions = tuple(
        _resolve_contradiction(item, article, origin, f"expected_contradictions[{i}]")
        for i, item in enumerate(label.expected_contradictions)
    )
    statuses = tuple(ExpectedStatus(s.text_contains, s.status) for s in label.expected_statuses)
    verdicts = tuple(label.expected_verdicts) if label.expected_verdicts is not None else None
    return Case(
        label.id,
        article,
        label.summary,
        flags,
        verdicts,
        contradictions,
        statuses,
        label.notes,
        origin,
        label.exhaustive,
    )


def _resolve_flag(label: FlagLabel, article: str, origin: str, field: str) -> ExpectedFlag:
    if label.start is not None and label.end is not None:
        if article[label.start : label.end] != label.text:
            found = article[label.start : label.end]
            raise CaseFileError(
                origin,
                f"{field}.start",
                f"article[{label.start}:{label.end}] is {found!r}, not the quoted {label.text!r}",
            )
        start = label.start
    else:
        start = locate_quote(label.text, article, label.occurrence, origin, f"{field}.text")
    return ExpectedFlag(label.type, start, start + len(label.text), label.text, label.note)


def _resolve_contradiction(
    label: ContradictionLabel, article: str, origin: str, field: str
) -> ExpectedContradiction:
    spans = []
    for i, quote in enumerate(label.texts):
        start = locate_quote(quote, article, None, origin, f"{field}.texts[{i}]")
        spans.append((start, start + len(quote)))
    return ExpectedContradiction(label.type, tuple(spans))


def locate_quote(quote: str, article: str, occurrence: int | None, origin: str, field: str) -> int:
    """Start offset of the exact quote; an absent or ambiguous quote is an error, never a guess."""
    starts = _all_starts(quote, article)
    if not starts:
        raise CaseFileError(
            origin, field, f"{quote!r} does not occur in the article" + _case_hint(quote, article)
        )
    if occurrence is None:
        if len(starts) > 1:
            raise CaseFileError(
                origin,
                field,
                f"{quote!r} occurs {len(starts)} times in the "
                f'article; add "occurrence": 1..{len(starts)}',
            )
        return starts[0]
    if occurrence > len(starts):
        raise CaseFileError(
            origin,
            field,
            f"occurrence {occurrence} asked, but {quote!r} occurs {len(starts)} time(s)",
        )
    return starts[occurrence - 1]


def _all_starts(quote: str, article: str) -> list[int]:
    starts, position = [], article.find(quote)
    while position >= 0:
        starts.append(position)
        position = article.find(quote, position + 1)
    return starts


def _case_hint(quote: str, article: str) -> str:
    # The usual slip is a straight quote or apostrophe where the article has a curly one.
    if quote.lower() in article.lower():
        return " (it does with different capitalization)"
    if any(mark in article for mark in "‘’“”") and any(mark in quote for mark in "'\""):
        return " (the article uses curly quotes; copy them exactly)"
    return ""


def read_article_file(relative: str, base: Path, origin: str, field: str) -> str:
    path = (base / relative).resolve()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError(origin, field, f"cannot read {path}: {error}") from error
