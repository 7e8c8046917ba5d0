"""Loaded and emotive wording, from the editable lexicons in `seeds/lexicons/`.

A term the article uses again and again is one finding, raised where it first appears: by the
second "regime" the word is the article's name for the thing, and the editor's decision about
it (keep it, or change it throughout) is one decision. The flag says how often it recurs.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from service.evidence.context import AnalysisContext
from service.evidence.lexicon import LoadedSpan, loaded_spans
from service.evidence.model import Finding, Signal


@dataclass(slots=True)
class _Use:
    """The first place a term stands, and how many times the article uses it."""

    sentence: int
    start: int
    span: LoadedSpan
    count: int = 1


class LoadedLanguage:
    name = "loaded_language"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        uses: dict[str, _Use] = {}
        for sentence in ctx.document.sentences:
            for span in loaded_spans(sentence.text):
                use = uses.get(span.term)
                if use is None:
                    uses[span.term] = _Use(sentence.index, sentence.start, span)
                else:
                    use.count += 1
        for use in uses.values():
            yield Finding.flag(use.sentence, _signal(use))


def _signal(use: _Use) -> Signal:
    span = use.span
    detail = span.detail
    if use.count > 1:
        detail += f" The article uses it {use.count} times; this is the first."
    return Signal(
        "loaded_language",
        use.start + span.start,
        use.start + span.end,
        detail,
        "rule:loaded_language",
        span.confidence,
        span.suggestion,
    )
