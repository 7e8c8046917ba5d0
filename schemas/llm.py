"""What the model is asked to return. Docstrings and descriptions here are sent to the model.

These are drafts: code validates each against the article (sentence ids exist, quotes are found
verbatim, no name or number appears that the cited sentences lack) before anything reaches a
response, and a draft that fails is re-asked with the reason.
"""

from typing import Literal

from pydantic import BaseModel, Field

DraftFlagType = Literal[
    "anonymous_source",
    "unconfirmed",
    "hedged",
    "unattributed_assertion",
    "loaded_language",
    "speculation",
    "internal_contradiction",
]


POINT_MAX_CHARS = 300
"""Longest summary point: a model's bound, and where code cuts an article's longer sentence."""


class DraftPoint(BaseModel):
    """One neutral sentence of the summary, resting only on the article sentences it cites."""

    text: str = Field(
        max_length=POINT_MAX_CHARS,
        description="One short neutral sentence. Use only names, numbers and dates that appear "
        "in the cited sentences. Keep who said it: 'According to X, ...'.",
    )
    sentences: list[int] = Field(
        max_length=4,
        description="Ids of the article sentences this point rests on, e.g. [0] or [2, 3].",
    )


class SummaryDraft(BaseModel):
    """A neutral summary of the article as a short list of points."""

    # Bounded lists and strings: the grammar then cannot loop until max_tokens.
    points: list[DraftPoint] = Field(
        max_length=8, description="The most important points, in article order."
    )


class DraftFlag(BaseModel):
    """A passage an editor should check before publishing."""

    quote: str = Field(
        max_length=200,
        description="The exact words from the article, copied character for character "
        "(3 to 12 words).",
    )
    type: DraftFlagType = Field(description="Why the passage needs checking.")
    reason: str = Field(max_length=200, description="One short sentence explaining the problem.")


class VerifyDraft(BaseModel):
    """Passages of the article that an editor must not pass on unexamined."""

    flags: list[DraftFlag] = Field(max_length=6, description="Up to 6 flags, most important first.")


# The service narrows `sentences` to the candidate ids it offers (a JSON-schema `enum`), so a
# constrained backend can only answer with ids that exist; code builds the summary from them.
class SentenceChoice(BaseModel):
    """The article sentences that belong in a short neutral summary, most important first."""

    sentences: list[int] = Field(
        description="Ids of the candidate sentences that say what happened, who said it, where "
        "and when; most important first.",
    )
