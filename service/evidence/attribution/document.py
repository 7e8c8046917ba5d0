"""Who asserts each sentence of an article, over the whole document.

Attribution in news copy runs across sentences: a quote is closed by "he said" a sentence
after it opened, a surname stands for the full name given earlier, and a quote may run on
into the next sentences and paragraphs, the speaker carrying. Quoted words are masked before
looking for speakers (also in a sentence that starts inside a quote opened before it), so
"'Do not panic,' he urged" never yields a source "Do".
"""

from typing import NamedTuple

from service.evidence.assertions import assertion_trigger
from service.evidence.attribution.frames import learnt_frames
from service.evidence.attribution.people import Registry
from service.evidence.attribution.quotes import (
    QUOTE_OPENERS,
    checkworthy,
    inside_quote_after,
    mask_quotes,
    opens_with_quote,
)
from service.evidence.attribution.sentence import attribute_sentence
from service.evidence.factbase import FactBase
from service.evidence.model import Attribution
from service.evidence.prefilter import lowered
from service.text import Document

_TAG_WORDS = 5  # "Trump said." "the spokesman told reporters."


class _Quoting(NamedTuple):
    """Whether a sentence starts and ends inside a quote (a tuple: one per sentence, made
    faster than a frozen dataclass)."""

    starts_inside: bool
    ends_inside: bool


def attribute_document(
    document: Document, factbase: FactBase, learnt: frozenset[str] = frozenset()
) -> list[Attribution]:
    """One Attribution per sentence, in order. `learnt`: the lemmas of the reporting cues the
    newsroom's editors taught the desk (service/evidence/overlay.py), read as frames."""
    frames = learnt_frames(learnt) if learnt else {}
    registry = Registry(factbase)
    texts = [s.text for s in document.sentences]
    quoting = _quoting(document)
    found = [
        attribute_sentence(s.text, s.start, registry, q.starts_inside, q.ends_inside, frames)
        for s, q in zip(document.sentences, quoting, strict=True)
    ]
    paragraphs = [s.paragraph for s in document.sentences]
    _carry_back(texts, quoting, found, paragraphs)
    _carry_forward(texts, quoting, found, paragraphs)
    return [a if a is not None else unsourced(t) for t, a in zip(texts, found, strict=True)]


def _quoting(document: Document) -> list[_Quoting]:
    """Quote state per sentence; a paragraph starts outside (a continued quote reopens)."""
    states = []
    inside, paragraph = False, -1
    for sentence in document.sentences:
        if sentence.paragraph != paragraph:
            inside, paragraph = False, sentence.paragraph
        after = inside_quote_after(sentence.text, inside)
        states.append(_Quoting(inside, after))
        inside = after
    return states


def _carry_forward(
    texts: list[str],
    quoting: list[_Quoting],
    found: list[Attribution | None],
    paragraphs: list[int],
) -> None:
    """A quote going on from the previous sentence or paragraph keeps its speaker; so does a
    quote that follows the speaker's quote in the same paragraph with no cue of its own
    ('"The deal is dead," the investor said. "Nobody will buy it."')."""
    # The paragraph a cue ending in a colon opened, quote marks or not, and its speaker.
    introduced: tuple[int, Attribution] | None = None
    for index in range(1, len(texts)):
        previous, text = texts[index - 1], texts[index]
        speaker = found[index - 1]
        if speaker is not None and _introduces(previous, speaker):
            new_paragraph = paragraphs[index] != paragraphs[index - 1]
            introduced = (paragraphs[index], speaker) if new_paragraph else None
        if introduced is not None and paragraphs[index] == introduced[0]:
            found[index] = found[index] or introduced[1]  # "The governor added:", her words
            continue
        if found[index] is not None or speaker is None or not _has_quote(previous + text):
            continue
        reopened = opens_with_quote(text) and (
            quoting[index - 1].ends_inside or previous.rstrip().endswith(":")
        )
        follows = (
            opens_with_quote(text)
            and paragraphs[index] == paragraphs[index - 1]
            and speaker.verb is not None
            and _has_quote(previous)
        )
        if quoting[index].starts_inside or reopened or follows:
            found[index] = speaker


def _introduces(text: str, speaker: Attribution) -> bool:
    """ "Limbaugh added:", "The report says:": a cue that ends its sentence with a colon gives
    the next paragraph to its speaker, a block quote that needs no quote marks. A speaker's
    label in a transcript ("WALLACE:") opens a turn, which the colon rule reads by itself."""
    return text.rstrip().endswith(":") and speaker.verb not in (None, ":")


def _carry_back(
    texts: list[str],
    quoting: list[_Quoting],
    found: list[Attribution | None],
    paragraphs: list[int],
) -> None:
    """'"A. B," he said.': the sentence that opened the quote belongs to the speaker too; so
    does a paragraph whose quote runs on, unclosed, into a next paragraph whose own cue names
    the speaker."""
    for index in range(len(texts) - 2, -1, -1):
        speaker = found[index + 1]
        if found[index] is not None or speaker is None:
            continue
        runs_on = (
            quoting[index].ends_inside
            and paragraphs[index + 1] != paragraphs[index]
            and opens_with_quote(texts[index + 1])
        )
        if quoting[index].ends_inside and (quoting[index + 1].starts_inside or runs_on):
            found[index] = speaker
        elif _quote_ends(texts[index]) and len(texts[index + 1].split()) <= _TAG_WORDS:
            found[index] = speaker  # '"... missing." Trump said.' split after the quote


def _quote_ends(text: str) -> bool:
    """The sentence opens a quote, or ends one ('... OK?”'), so a tag after it is its speaker."""
    return opens_with_quote(text) or text.rstrip().endswith(_CLOSERS)


_CLOSERS = ("”", "’", '"', "''")


def _has_quote(text: str) -> bool:
    return any(mark in text for mark in QUOTE_OPENERS) or "''" in text


def unsourced(text: str) -> Attribution:
    if checkworthy(text):
        return _UNATTRIBUTED
    masked = mask_quotes(text)
    asserts = assertion_trigger(masked, lowered(masked)) is not None
    return _UNATTRIBUTED if asserts else _OUTLET


# Shared by every sentence they fit: an Attribution is frozen.
_UNATTRIBUTED = Attribution("unattributed")
_OUTLET = Attribution("outlet")
