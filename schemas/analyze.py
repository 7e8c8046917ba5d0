"""POST /analyze: the summary and the verification report of one article, in one call."""

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import ArticleIn, Mode, WholeNumber
from schemas.summarize import SummarizeResponse
from schemas.verify import VerifyResponse


class AnalyzeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    max_points: WholeNumber = Field(
        default=5, ge=1, le=12, description="Most points the summary holds."
    )
    summary: str | None = Field(
        default=None,
        description="A summary to check against the article; default: the summary this call "
        "writes, so an editor sees whether it holds.",
    )
    mode: Mode = "full"


class AnalyzeResponse(BaseModel):
    """Exactly what /summarize and /verify return for this article, read once by the model."""

    summarize: SummarizeResponse
    verify: VerifyResponse
