"""Who asserts each sentence of an article, over the whole document.

Attribution in news copy runs across sentences: a quote is closed by "he said" a sentence
after it opened, a surname stands for the full name given earlier, and a quote may run on
into the next sentences and paragraphs, the speaker carrying. Quoted words are masked before
looking for speakers, so "'Do not panic,' he urged" never yields a source "Do".
"""

from service.evidence.attribution.people import Registry
from service.evidence.attribution.quotes import (
    QUOTE_OPENERS,
    checkworthy,
    closes_quote,
    mask_quotes,
    opens_with_quote,
    quote_left_open,
)
from service.evidence.attribution.sentence import attribute_sentence
from service.evidence.assertions import assertion_trigger
from service.evidence.factbase import FactBase
from service.evidence.model import Attribution
from service.evidence.prefilter import lowered
from service.text import Document


def attribute_document(document: Document, factbase: FactBase) -> list[Attribution]:
    """One Attribution per sentence, in order."""
    registry = Registry(factbase)
    texts = [s.text for s in document.sentences]
    found = [attribute_sentence(s.text, s.start, registry) for s in document.sentences]
    _carry_back(texts, found)
    _carry_forward(texts, found)
    return [a if a is not None else _unsourced(t) for t, a in zip(texts, found, strict=True)]


def _carry_forward(texts: list[str], found: list[Attribution | None]) -> None:
    """A quote going on from the previous sentence keeps that sentence's speaker."""
    for index in range(1, len(texts)):
        previous, text = texts[index - 1], texts[index]
        speaker = found[index - 1]
        if found[index] is not None or speaker is None or not _has_quote(previous):
            continue
        if opens_with_quote(text) or quote_left_open(previous) or previous.rstrip().endswith(":"):
            found[index] = speaker


def _carry_back(texts: list[str], found: list[Attribution | None]) -> None:
    """'"A. B," he said.': the sentence that opened the quote belongs to the speaker too."""
    for index in range(len(texts) - 2, -1, -1):
        speaker = found[index + 1]
        if found[index] is not None or speaker is None:
            continue
        if quote_left_open(texts[index]) and closes_quote(texts[index + 1]):
            found[index] = speaker


def _has_quote(text: str) -> bool:
    return any(mark in text for mark in QUOTE_OPENERS)


def _unsourced(text: str) -> Attribution:
    masked = mask_quotes(text)
    asserts = assertion_trigger(masked, lowered(masked)) is not None
    return Attribution("unattributed" if checkworthy(text) or asserts else "outlet")
