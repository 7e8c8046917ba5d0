"""Loaded and emotive wording, from the editable lexicons in `seeds/lexicons/`."""

from collections.abc import Iterator

from service.evidence.context import AnalysisContext
from service.evidence.lexicon import loaded_spans
from service.evidence.model import Finding, Signal


class LoadedLanguage:
    name = "loaded_language"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        for sentence in ctx.document.sentences:
            for span in loaded_spans(sentence.text):
                signal = Signal(
                    "loaded_language",
                    sentence.start + span.start,
                    sentence.start + span.end,
                    span.detail,
                    "rule:loaded_language",
                    span.confidence,
                    span.suggestion,
                )
                yield Finding.flag(sentence.index, signal)
