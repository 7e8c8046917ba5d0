"""Loaded and emotive wording, from the editable lexicons in `seeds/lexicons/`."""

from collections.abc import Iterator

from service.evidence.context import AnalysisContext
from service.evidence.lexicon import loaded_spans
from service.evidence.model import Finding, Signal


class LoadedLanguage:
    name = "loaded_language"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        for sentence in ctx.document.sentences:
            for start, end, category, suggestion in loaded_spans(sentence.text):
                detail = f"{category.capitalize()} wording; a neutral report would not use it."
                signal = Signal(
                    "loaded_language",
                    sentence.start + start,
                    sentence.start + end,
                    detail,
                    "rule:loaded_language",
                    0.85,
                    suggestion,
                )
                yield Finding.flag(sentence.index, signal)
