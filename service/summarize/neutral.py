"""Rewriting article wording without its loaded terms (used by extractive summaries), and with
a speaker's name where the sentence has only a pronoun for them."""

import re

from service.evidence.model import Signal

_ARTICLE_BEFORE = re.compile(r"\b([Aa]n?) $")


Replacement = tuple[int, int, str | None]
"""(start, end, words): document offsets of a span and what stands in its place (None: drop it)."""


def neutralize(text: str, offset: int, loaded: list[Signal]) -> str:
    """`text` starts at `offset` of the document; replace or drop each loaded term inside it."""
    return rewrite(text, offset, [(s.start, s.end, s.suggestion) for s in loaded])


def rewrite(text: str, offset: int, replacements: list[Replacement]) -> str:
    """`text` starts at `offset` of the document; put each replacement in place of its span."""
    pieces: list[str] = []
    cursor = 0
    for span_start, span_end, words in sorted(replacements, key=lambda r: r[0]):
        start, end = span_start - offset, span_end - offset
        if start < cursor or start < 0 or end > len(text):
            continue
        pieces.append(text[cursor:start])
        replacement = words or ""
        if not replacement:
            pieces[-1], end = _drop_coordinator(pieces[-1], text, end)
        following = replacement or text[end:].lstrip(" ,")
        pieces[-1] = _fix_indefinite_article(pieces[-1], following)
        pieces.append(replacement)
        cursor = end
    pieces.append(text[cursor:])
    return _tidy("".join(pieces))


_COORDINATOR_BEFORE = re.compile(r",?\s+(?:and|or)\s*$")
_COORDINATOR_AFTER = re.compile(r"\s*,?\s+(?:and|or)\b")


def _drop_coordinator(before: str, text: str, end: int) -> tuple[str, int]:
    """'senseless and brutal' minus 'brutal' is 'senseless', not 'senseless and'; 'brutal and
    senseless' minus 'brutal' is 'senseless': a dropped word takes its "and" or "or" along
    when nothing else stands on that side of it."""
    after = text[end:]
    if _COORDINATOR_BEFORE.search(before) and not re.match(r"\s*\w", after):
        return _COORDINATOR_BEFORE.sub("", before), end
    match = _COORDINATOR_AFTER.match(after)
    if match and not _COORDINATOR_BEFORE.search(before):
        return before, end + match.end()
    return before, end


def _fix_indefinite_article(before: str, following: str) -> str:
    """'a harrowing incident' minus 'harrowing' is 'an incident', not 'a incident'."""
    match = _ARTICLE_BEFORE.search(before)
    if match is None or not following:
        return before
    article = "an" if following[0].lower() in "aeio" else "a"
    if match.group(1)[0].isupper():
        article = article.capitalize()
    return before[: match.start(1)] + article + " "


_RUN_OF_BLANKS = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_STOP = re.compile(r"\s+([,.;:!?])")
_DOUBLE_COMMA = re.compile(r",\s*,")


def _tidy(text: str) -> str:
    text = _RUN_OF_BLANKS.sub(" ", text)
    text = _SPACE_BEFORE_STOP.sub(r"\1", text)
    text = _DOUBLE_COMMA.sub(",", text)
    return text.strip()
