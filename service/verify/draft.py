"""Validation of the model's verification draft: every quote must be found in the article."""

from typing import Any

from pydantic import ValidationInfo, model_validator

from schemas.llm import VerifyDraft
from service.llm.prompts import unmark
from service.text import Document


class CheckedVerifyDraft(VerifyDraft):
    """Passages of the article that an editor must not pass on unexamined."""

    @model_validator(mode="after")
    def _quotes_in_article(self, info: ValidationInfo) -> "CheckedVerifyDraft":
        for flag in self.flags:
            flag.quote, flag.reason = unmark(flag.quote), unmark(flag.reason)
        context: dict[str, Any] = info.context or {}
        document: Document | None = context.get("document")
        if document is None:
            return self
        missing = [flag.quote for flag in self.flags if document.find(flag.quote) is None]
        if missing:
            shown = "; ".join(repr(q[:80]) for q in missing[:3])
            raise ValueError(
                f"these quotes are not in the article: {shown}. "
                "Copy passages word for word, or leave them out"
            )
        return self
