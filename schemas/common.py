"""Models shared by every endpoint: the article, spans, errors and provenance."""

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

Mode = Literal["full", "fast"]
"""`full` runs the evidence layer and the model; `fast` runs the evidence layer only."""


_RFC3339_START = re.compile(r"\d{4}-\d\d-\d\d[Tt ]")


def _rfc3339_only(value: object) -> object:
    """Lax pydantic reads a number (even "0.5" in a query) as Unix time; we promise RFC 3339."""
    if isinstance(value, datetime) or (isinstance(value, str) and _RFC3339_START.match(value)):
        return value
    raise ValueError("send a time as RFC 3339 text, e.g. 2026-11-21T17:09:00+03:00")


def _within_utc(value: datetime) -> datetime:
    """A time the store can compare: it works in UTC, where 0001-01-01T00:00+01:00 falls before
    year 1 and 9999-12-31T23:30-01:00 after 9999. Both are valid RFC 3339, so they are not
    refused: each becomes the earliest or the latest time there is, which is what it means to
    a filter ("since the beginning", "until the end")."""
    if value.tzinfo is None:
        return value
    try:
        value.astimezone(UTC)
    except OverflowError:
        return (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)
    return value


Rfc3339 = Annotated[datetime, BeforeValidator(_rfc3339_only), AfterValidator(_within_utc)]
"""A time as clients send it: RFC 3339 text, `format: date-time` in the document."""


def _json_integer(value: object) -> object:
    """JSON Schema's integer: 5 or 5.0; not true and not "5", which lax pydantic also takes."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("send a whole number")
    return value


WholeNumber = Annotated[int, BeforeValidator(_json_integer)]
"""An integer field of a JSON body, as its schema says."""

Method = Literal["llm", "extractive", "evidence", "llm+evidence"]


class ArticleIn(BaseModel):
    """A news article as submitted. Only `text` is required."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article body, as published. Spans index this string.")
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    outlet: str | None = Field(default=None, max_length=300)
    published_at: Rfc3339 | None = Field(
        default=None,
        description="Publication time, RFC 3339, preferably with an offset (without one it is "
        "taken as UTC). Returned as the same instant in UTC.",
    )
    language: str | None = Field(default="en", max_length=16, description="BCP 47 language tag.")


class ArticleInfo(BaseModel):
    """What the service analysed: a digest of the submitted text and its segmentation."""

    sha256: str = Field(description="SHA-256 of the submitted text, UTF-8 encoded.")
    chars: int = Field(description="Length of the submitted text in characters.")
    sentences: int = Field(description="Number of sentences found; sentence ids are 0-based.")


class Span(BaseModel):
    """A half-open character range of the submitted text: `text == article[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class TaskRun(BaseModel):
    """Whether one model task ran for this response, and why."""

    task: Literal["summary", "flags", "checker"]
    ran: bool
    reason: str


class Provenance(BaseModel):
    """How a result was produced, so an editor or engineer can judge and reproduce it."""

    backend: str = Field(description="`embedded`, `openai-compatible`, or `none` in fast mode.")
    model: str | None = Field(default=None, description="Model name the backend reported.")
    prompt: str | None = Field(default=None, description="Prompt template as `name@hash`.")
    method: Method = Field(
        description="`llm`: model output that passed validation; `extractive`: built from "
        "article sentences by code; `evidence`: deterministic layer only; `llm+evidence`: both."
    )
    mode: Mode = "full"
    attempts: int = Field(default=0, description="Model calls made, re-asks included.")
    usage: Usage = Field(default_factory=Usage)
    latency_ms: int = 0
    cached: bool = False
    tasks: list[TaskRun] = Field(
        default_factory=list,
        description="Model tasks of this endpoint in full mode: which ran, which were skipped "
        "and why (a setting, or the backend's measured default).",
    )


class ErrorBody(BaseModel):
    """Every error response: a machine-readable kind and a sentence saying what to do."""

    error: str = Field(description="Error kind, e.g. `article_too_large`, `backend_unavailable`.")
    detail: str = Field(description="What went wrong and what to do about it.")
