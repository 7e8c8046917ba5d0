"""POST /summarize: request and response."""

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import ArticleIn, ArticleInfo, Mode, Provenance, WholeNumber


class SummarizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    max_points: WholeNumber = Field(
        default=5, ge=1, le=12, description="Most points the summary holds."
    )
    mode: Mode = "full"


class SourceRef(BaseModel):
    """An article sentence a summary point rests on, with its span in the submitted text."""

    sentence: int = Field(ge=0, description="0-based sentence id.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SummaryPoint(BaseModel):
    text: str
    sources: list[SourceRef] = Field(min_length=1)
    attributed_to: str | None = Field(
        default=None, description="Who asserts this point, as the article names them."
    )


class Summary(BaseModel):
    text: str = Field(description="The points joined as prose.")
    points: list[SummaryPoint]


class NeutralizedTerm(BaseModel):
    """Loaded wording in the article that the summary leaves out or replaces."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    category: str = "loaded_language"
    suggestion: str | None = Field(default=None, description="A neutral alternative, if any.")


class SummarizeResponse(BaseModel):
    id: str
    article: ArticleInfo
    summary: Summary
    neutralized: list[NeutralizedTerm]
    warnings: list[str]
    provenance: Provenance
