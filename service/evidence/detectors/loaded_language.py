"""Loaded and emotive wording, from the editable lexicons in `seeds/lexicons/`; a term that labels
a person or a group is `name_calling` (`name_calling.py`), the rest `loaded_language`.

A term the article uses again and again is one finding, shown where it first appears: by the
second "regime" the word is the article's name for the thing, and the editor's decision about
it (keep it, or change it throughout) is one decision. The flag says how often it recurs; each
later use is kept in the evidence with `Signal.first_use` (a neutral summary rewrites it too),
and the report leaves it out.

Words inside the quote of a named source are that person's, on the record: the flag names them
and ranks below the outlet's own wording (`NAMED_QUOTE_FACTOR` on top of the quoted factor). So
is a word the named source is reported to have called something ("Senator Ruiz called the
minister a liar"), without quote marks.
A sentence in the middle of a quote that runs over several sentences has no quote mark of its
own; it is read as quoted all the same (the quote state carried from the sentences before it, as
attribution carries its speaker). The first use of a term is its flag wherever it stands,
quoted or not.
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace

from service.evidence.attribution.quotes import inside_quote_after
from service.evidence.context import AnalysisContext
from service.evidence.lexicon import QUOTED, REPORTED, LoadedSpan, loaded_spans
from service.evidence.model import Attribution, Finding, Signal

NAMED_QUOTE_FACTOR = 0.8


@dataclass(slots=True)
class _Use:
    """One place a term stands: its sentence, the sentence's offset and the span in it."""

    sentence: int
    start: int
    span: LoadedSpan


class LoadedLanguage:
    name = "loaded_language"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        uses: dict[str, list[_Use]] = {}
        inside, paragraph = False, -1
        for sentence in ctx.document.sentences:
            if sentence.paragraph != paragraph:  # a quote going on reopens in a new paragraph
                inside, paragraph = False, sentence.paragraph
            speaker = _named_speaker(ctx.attributions[sentence.index])
            starts_inside, inside = inside, inside_quote_after(sentence.text, inside)
            for span in loaded_spans(sentence.text, starts_inside):
                if span.quoted and speaker:
                    span = _quoted_from(span, speaker)
                uses.setdefault(span.term, []).append(_Use(sentence.index, sentence.start, span))
        for term_uses in uses.values():
            first, *later = term_uses
            yield Finding.flag(first.sentence, _signal(first, len(term_uses)))
            for use in later:
                yield Finding.flag(use.sentence, _repeat(use, first.sentence))


def _named_speaker(attribution: Attribution) -> str | None:
    """Who a sentence's quote belongs to, when the article names them."""
    if attribution.kind != "named_source":
        return None
    return attribution.name or attribution.role


def _quoted_from(span: LoadedSpan, speaker: str) -> LoadedSpan:
    if span.detail.startswith(REPORTED):
        detail = span.detail.removeprefix(REPORTED)
        said = f"Reported as the word of {speaker}, on the record: theirs, not the outlet's."
    else:
        detail = span.detail.removeprefix(QUOTED)
        said = f"Quoted from {speaker}, on the record: their words, not the outlet's."
    return replace(
        span, confidence=round(span.confidence * NAMED_QUOTE_FACTOR, 2), detail=f"{said} {detail}"
    )


def _signal(use: _Use, count: int) -> Signal:
    span = use.span
    detail = span.detail
    if count > 1:
        detail += f" The article uses it {count} times; this is the first."
    return Signal(
        span.flag,
        use.start + span.start,
        use.start + span.end,
        detail,
        "rule:loaded_language",
        span.confidence,
        span.suggestion,
    )


def _repeat(use: _Use, first: int) -> Signal:
    return replace(
        _signal(use, 1),
        detail=f"The loaded term first used in sentence {first + 1}, again. {use.span.detail}",
        first_use=first,
    )
