"""The typed contract of deskcheck: request, response and model-result models.

Nothing here imports from `service/`; clients can depend on these models alone.
"""

from schemas.common import ArticleIn, ArticleInfo, ErrorBody, Mode, Provenance, Span, Usage
from schemas.summarize import (
    NeutralizedTerm,
    SourceRef,
    SummarizeRequest,
    SummarizeResponse,
    Summary,
    SummaryPoint,
)
from schemas.verify import (
    AssertedBy,
    Claim,
    ClaimStatus,
    Contradiction,
    ContradictionType,
    Counts,
    Flag,
    FlagType,
    SourceKind,
    SummaryCheckRow,
    Verdict,
    VerifyRequest,
    VerifyResponse,
)

__all__ = [
    "ArticleIn",
    "ArticleInfo",
    "AssertedBy",
    "Claim",
    "ClaimStatus",
    "Contradiction",
    "ContradictionType",
    "Counts",
    "ErrorBody",
    "Flag",
    "FlagType",
    "Mode",
    "NeutralizedTerm",
    "Provenance",
    "SourceKind",
    "SourceRef",
    "Span",
    "SummarizeRequest",
    "SummarizeResponse",
    "Summary",
    "SummaryCheckRow",
    "SummaryPoint",
    "Usage",
    "Verdict",
    "VerifyRequest",
    "VerifyResponse",
]
