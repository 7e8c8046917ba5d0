"""What every detector reads: one analysis context, built once per article."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from service.evidence.attribution import attribute_document
from service.evidence.factbase import FactBase, seed_factbase
from service.evidence.gazetteer import Gazetteer, load_gazetteer
from service.evidence.model import Attribution, Finding, Quantity, TimeMention
from service.evidence.prefilter import SentenceKeywords, lowered
from service.evidence.quantities import NUMBER_CUES, extract_quantities, extract_times
from service.text import Document, Sentence


@dataclass(frozen=True, slots=True)
class AnalysisContext:
    document: Document
    lowered: str
    """The whole cleaned text lower-cased (`prefilter.lowered`): an article without a
    detector's keywords skips that detector's per-sentence work."""
    attributions: Sequence[Attribution]
    """Who asserts each sentence, by sentence id."""
    quantities: Sequence[Quantity]
    times: Sequence[TimeMention]
    factbase: FactBase
    gazetteer: Callable[[], Gazetteer]
    """Loads the gazetteer (seconds, once per process): call it only when an article needs it."""
    keywords: SentenceKeywords
    """Which sentences hold a keyword: a detector runs its per-sentence work on those only."""

    def sentences_having(self, keywords: Iterable[str] | None) -> Iterator[Sentence]:
        """The sentences holding one of `keywords` (every sentence for None), in order."""
        sentences = self.document.sentences
        if keywords is None:
            return iter(sentences)
        return (sentences[index] for index in self.keywords.having(keywords))


def build_context(document: Document, learnt_cues: frozenset[str] = frozenset()) -> AnalysisContext:
    """`learnt_cues`: lemmas of reporting cues the newsroom's overlay adds to attribution."""
    factbase = seed_factbase()
    text = lowered(document.text)
    sentences = document.sentences
    keywords = SentenceKeywords((sentence.text for sentence in sentences), text)
    return AnalysisContext(
        document=document,
        lowered=text,
        attributions=attribute_document(document, factbase, learnt_cues),
        quantities=[q for s in _may_count(sentences, keywords) for q in extract_quantities(s)],
        times=[t for s in _with_digit(sentences, keywords) for t in extract_times(s)],
        factbase=factbase,
        gazetteer=load_gazetteer,
        keywords=keywords,
    )


def _may_count(sentences: Sequence[Sentence], keywords: SentenceKeywords) -> list[Sentence]:
    """The sentences that may hold a quantity (`extract_quantities` says of the rest: none)."""
    ids = {*keywords.with_digit(), *keywords.having(NUMBER_CUES)}
    return [sentences[index] for index in sorted(ids)]


def _with_digit(sentences: Sequence[Sentence], keywords: SentenceKeywords) -> list[Sentence]:
    """The sentences that may hold a date (`extract_times` says of those without a digit: none)."""
    return [sentences[index] for index in keywords.with_digit()]


class Detector(Protocol):
    """One deterministic check. `name` identifies the check (registry, tests, benchmarks); each
    flag it raises names its rule family in `Signal.detector` (`rule:<family>` or `factbase`),
    which is what editors see and acceptance rates are kept by."""

    @property
    def name(self) -> str: ...

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]: ...
