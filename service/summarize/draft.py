"""Validation of the model's summary draft against the article it claims to summarise.

Each failure message is written for the model: instructor sends it back on a re-ask.
"""

from typing import Any

from pydantic import ValidationInfo, model_validator

from schemas.llm import SummaryDraft
from service.evidence.grounding import unsupported_terms
from service.evidence.lexicon import loaded_spans
from service.text import Document


class CheckedSummaryDraft(SummaryDraft):
    """A neutral summary of the article as a short list of points."""

    @model_validator(mode="after")
    def _grounded_in_article(self, info: ValidationInfo) -> "CheckedSummaryDraft":
        context: dict[str, Any] = info.context or {}
        document: Document | None = context.get("document")
        if document is None:
            return self
        problems = summary_problems(self, document)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def summary_problems(draft: SummaryDraft, document: Document) -> list[str]:
    problems: list[str] = []
    if not draft.points:
        return ["give at least one point"]
    count = len(document.sentences)
    for number, point in enumerate(draft.points, start=1):
        label = f"point {number}"
        if not point.text.strip():
            problems.append(f"{label} is empty")
            continue
        if not point.sentences:
            problems.append(f"{label} cites no sentence; list the ids it rests on")
            continue
        bad_ids = [i for i in point.sentences if not 0 <= i < count]
        if bad_ids:
            problems.append(f"{label} cites sentence ids {bad_ids}; valid ids are 0 to {count - 1}")
            continue
        sources = [document.sentences[i].text for i in point.sentences]
        missing = unsupported_terms(point.text, sources)
        if missing:
            problems.append(f"{label} says {missing}, which its cited sentences do not contain")
        loaded = [point.text[start:end] for start, end, _, _ in loaded_spans(point.text)]
        if loaded:
            problems.append(f"{label} uses loaded words {loaded}; use neutral wording")
    return problems
