"""One speaker's appeal described as written (a Telegram message) and as spoken live."""

import re
from collections.abc import Callable, Iterable, Iterator

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding
from service.evidence.occasions import OTHER_OCCASION
from service.evidence.prefilter import FoldedPattern, lowered, mentions_any, required_keywords
from service.text import Document, Sentence

_WRITTEN = re.compile(
    r"\b(?:(?:message|statement|post)\b"
    r"(?:(?:[^.;:]|\.(?=\d)){0,60}?\b(?:via|on) (?:his |her |its )?"
    r"(?:Telegram|X|Twitter|Facebook|website|channel))?|wrote|posted)\b",
)
_SPOKEN = FoldedPattern(
    re.compile(
        r"\b(?:live broadcast|televised (?:address|speech)|on air|(?:his|her) voice|"
        r"video address|on (?:television|TV|radio)|in a speech)\b",
        re.IGNORECASE,
    )
)
_SPOKEN_KEYWORDS = required_keywords(_SPOKEN.pattern) or ("",)
_WRITTEN_KEYWORDS = required_keywords(_WRITTEN) or ("",)
_VIDEO = re.compile(r"\bvideo\b", re.IGNORECASE)


def _modality_findings(ctx: AnalysisContext, window: int = 6) -> list[Finding]:
    """One speaker's appeal described as written (a Telegram message) and as spoken live."""
    document, attributions = ctx.document, ctx.attributions
    findings = []
    spoken_matches = _matches(ctx.sentences_having(_SPOKEN_KEYWORDS), _spoken_in)
    written_matches = (
        _matches(ctx.sentences_having(_WRITTEN_KEYWORDS), _written_in) if spoken_matches else []
    )
    for spoken_id, spoken_at in spoken_matches:
        speaker = attributions[spoken_id].name
        text = document.sentences[spoken_id].text
        if speaker is None or OTHER_OCCASION.search(text) or _VIDEO.search(text):
            continue
        for written_id, written_at in written_matches:
            in_window = 0 <= spoken_id - written_id <= window and written_id != spoken_id
            if (
                in_window
                and attributions[written_id].name == speaker
                and not _VIDEO.search(document.sentences[written_id].text)
            ):
                findings.append(
                    _modality(document, speaker, written_id, written_at, spoken_id, spoken_at)
                )
                break
    return findings


def _spoken_in(text: str) -> Iterator[re.Match[str]]:
    lowered_text = lowered(text)
    if not mentions_any(lowered_text, _SPOKEN_KEYWORDS):
        return iter(())
    return _SPOKEN.finditer(text, lowered_text)


def _written_in(text: str) -> Iterator[re.Match[str]]:
    if not mentions_any(text, _WRITTEN_KEYWORDS):
        return iter(())
    return _WRITTEN.finditer(text)


def _matches(
    sentences: Iterable[Sentence], finditer: Callable[[str], Iterator[re.Match[str]]]
) -> list[tuple[int, tuple[int, int]]]:
    """Per sentence, the last match: the channel ("live broadcast") follows its description.
    `sentences`: those holding a keyword the pattern needs (in their lowered text)."""
    found = []
    for sentence in sentences:
        matches = list(finditer(sentence.text))
        if matches:
            match = matches[-1]
            found.append(
                (sentence.index, (sentence.start + match.start(), sentence.start + match.end()))
            )
    return found


def _modality(
    document: Document,
    speaker: str,
    written_id: int,
    written_at: tuple[int, int],
    spoken_id: int,
    spoken_at: tuple[int, int],
) -> Finding:
    written = document.text[written_at[0] : written_at[1]]
    spoken = document.text[spoken_at[0] : spoken_at[1]]
    explanation = (
        f"{speaker}'s appeal is reported as written ('{written}') and as spoken ('{spoken}'); "
        "a written message has no voice, so one of the two descriptions is wrong or invented."
    )
    spans = {written_id: written_at, spoken_id: spoken_at}
    return Finding.between("modality", spans, explanation, 0.7)


class Modality:
    name = "modality"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        return _modality_findings(ctx)
