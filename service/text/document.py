"""The analysed article: cleaned text, sentences, and the way back to submitted offsets."""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from service.text.locate import FoldedText, fold, locate
from service.text.normalize import NormalizedText, normalize
from service.text.segment import split_paragraphs, split_sentences


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text. `index` is 0-based and is what summaries cite."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """Every layer analyses `text` (cleaned) and reports spans through `to_submitted`."""

    normalized: NormalizedText
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[tuple[int, int], ...] = field(default=())

    @property
    def text(self) -> str:
        return self.normalized.text

    @property
    def submitted(self) -> str:
        return self.normalized.original

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.submitted.encode("utf-8")).hexdigest()

    def to_submitted(self, start: int, end: int) -> tuple[int, int]:
        """Offsets into the submitted text for a span of the cleaned text."""
        return self.normalized.to_original(start, end)

    def quote(self, start: int, end: int) -> str:
        """The submitted text behind a span of the cleaned text (what an editor sees)."""
        s, e = self.to_submitted(start, end)
        return self.submitted[s:e]

    @cached_property
    def folded(self) -> FoldedText:
        return fold(self.text)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Where `quote` occurs in the cleaned text, ignoring case, quote style and spacing."""
        return locate(self.folded, quote)

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


def build_document(submitted: str) -> Document:
    normalized = normalize(submitted)
    text = normalized.text
    paragraphs = split_paragraphs(text)
    sentences: list[Sentence] = []
    for paragraph_index, (p_start, p_end) in enumerate(paragraphs):
        for s_start, s_end in split_sentences(text, p_start, p_end):
            sentences.append(
                Sentence(len(sentences), paragraph_index, s_start, s_end, text[s_start:s_end])
            )
    return Document(normalized, tuple(sentences), tuple(paragraphs))
