"""Does a summary sentence rest on the article? Align it, then look for what it adds or changes.

Each summary sentence is aligned to the article sentences sharing the most content words. Then,
strongest finding first: a negation flip or an antonym swap against the aligned sentences, or a
number or date the article gives differently, makes it `inconsistent`; names, numbers or dates
the article lacks, or no aligned sentence at all, make it `unsupported`; otherwise `consistent`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from service.evidence.quantities import WORD_NUMBERS
from service.resources import read_seed_text
from service.text import Document, build_document

_NUMBER = re.compile(r"\d[\d,.:]*\d|\d")
_SCALED = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand)\b", re.IGNORECASE)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_CAPITALIZED = re.compile(r"\b[A-Z][\w’'-]*[\w]|\b[A-Z]\b")
_COMMON_OPENERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "in",
        "on",
        "at",
        "as",
        "after",
        "before",
        "according",
        "during",
        "while",
        "when",
        "where",
        "who",
        "what",
        "which",
        "there",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "i",
        "some",
        "many",
        "several",
        "officials",
        "residents",
        "local",
        "according",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "as",
        "which",
        "who",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "we",
        "our",
        "not",
        "no",
    ]
)
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|neither|nor|without)\b|n't\b", re.IGNORECASE)
_MIN_OVERLAP = 0.34


@dataclass(frozen=True, slots=True)
class GroundingRow:
    sentence: str
    verdict: Literal["consistent", "inconsistent", "unsupported"]
    evidence: list[int]
    reason: str


def _fold(text: str) -> str:
    return text.replace("’", "'").replace(",", "").lower()


def content_terms(text: str) -> list[str]:
    """Numbers and capitalized words (names, places, months) a reader would take as facts."""
    terms = [m.group(0).rstrip(".,:") for m in _NUMBER.finditer(text)]
    for match in _CAPITALIZED.finditer(text):
        word = match.group(0)
        at_sentence_start = match.start() == 0 or text[: match.start()].rstrip().endswith(
            (".", "!", "?", ":", "‘", "'", '"', "“")
        )
        if at_sentence_start and word.lower() in _COMMON_OPENERS:
            continue
        terms.append(word)
    return terms


def numbers_in(text: str) -> set[float]:
    """Every figure as a value, so "3.2 million" and "3,200,000" compare equal."""
    values = set()
    for match in _SCALED.finditer(text):
        values.add(float(match.group(1).replace(",", "")) * _SCALE[match.group(2).lower()])
    for word in _WORD.findall(text.lower()):
        if word in WORD_NUMBERS:
            values.add(float(WORD_NUMBERS[word]))
    for match in _NUMBER.finditer(text):
        raw = match.group(0).rstrip(".,:").replace(",", "")
        try:
            values.add(float(raw))
        except ValueError:
            continue
    return values


def unsupported_terms(claim: str, sources: Iterable[str]) -> list[str]:
    """Terms of `claim` that none of `sources` contains (case- and punctuation-folded)."""
    source_list = list(sources)
    haystack = _fold(" ".join(source_list))
    source_numbers = set().union(*(numbers_in(s) for s in source_list)) if source_list else set()
    missing: list[str] = []
    for term in content_terms(claim):
        folded = _fold(term)
        possessive_stem = folded.removesuffix("'s")
        if folded in haystack or possessive_stem in haystack or term in missing:
            continue
        if term[:1].isdigit() and numbers_in(term) & source_numbers:
            continue
        missing.append(term)
    return [t for t in missing if not _scaled_match(t, claim, source_numbers)]


def _scaled_match(term: str, claim: str, source_numbers: set[float]) -> bool:
    """ "3.2" in "3.2 million" is supported by a source's 3,200,000."""
    for match in _SCALED.finditer(claim):
        if match.group(1).replace(",", "") == term.replace(",", ""):
            value = float(term.replace(",", "")) * _SCALE[match.group(2).lower()]
            return value in source_numbers
    return False


@lru_cache(maxsize=1)
def antonym_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in read_seed_text("lexicons/antonyms.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        left, right = (w.strip().lower() for w in line.split("\t")[:2])
        pairs[left], pairs[right] = right, left
    return pairs


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_fold(text)) if w not in _STOP}


def best_evidence(claim: str, document: Document, top: int = 2) -> list[int]:
    """Ids of the article sentences sharing the most content words with `claim`."""
    wanted = _content_words(claim)
    if not wanted:
        return []
    scored = []
    for sentence in document.sentences:
        overlap = len(wanted & _content_words(sentence.text))
        if overlap / len(wanted) >= _MIN_OVERLAP / 2:
            scored.append((overlap / len(wanted), -sentence.index, sentence.index))
    scored.sort(reverse=True)
    return [index for _, _, index in scored[:top]]


def check_summary(document: Document, summary: str) -> list[GroundingRow]:
    summary_doc = build_document(summary)
    return [ground_sentence(document, sentence.text) for sentence in summary_doc.sentences]


def ground_sentence(document: Document, claim: str) -> GroundingRow:
    evidence = best_evidence(claim, document)
    if not evidence:
        return GroundingRow(claim, "unsupported", [], "no article sentence says anything like it")
    sources = [document.sentences[i].text for i in evidence]
    contradiction = _contradiction(claim, sources)
    if contradiction:
        return GroundingRow(claim, "inconsistent", evidence, contradiction)
    missing = unsupported_terms(claim, sources)
    if missing:
        return GroundingRow(
            claim, "unsupported", evidence, f"the article sentences it matches do not say {missing}"
        )
    overlap = len(_content_words(claim) & _content_words(" ".join(sources)))
    if overlap / max(1, len(_content_words(claim))) < _MIN_OVERLAP:
        return GroundingRow(
            claim, "unsupported", evidence, "most of what it says is not in the article"
        )
    return GroundingRow(claim, "consistent", evidence, "names, figures and wording match")


def _contradiction(claim: str, sources: list[str]) -> str | None:
    best = sources[0]
    if bool(_NEGATION.search(claim)) != bool(_NEGATION.search(best)):
        return "negation differs from the article sentence it matches"
    swap = _antonym_swap(claim, best)
    if swap:
        return f"says '{swap[0]}' where the article says '{swap[1]}'"
    claim_numbers, source_numbers = numbers_in(claim), set().union(*map(numbers_in, sources))
    changed = sorted(claim_numbers - source_numbers)
    if changed and source_numbers:
        return f"figures {[f'{n:g}' for n in changed]} differ from the article's"
    return None


def _antonym_swap(claim: str, source: str) -> tuple[str, str] | None:
    pairs = antonym_pairs()
    claim_words, source_words = (
        set(_WORD.findall(claim.lower())),
        set(_WORD.findall(source.lower())),
    )
    for word in claim_words - source_words:
        opposite = pairs.get(word)
        if opposite and opposite in source_words and opposite not in claim_words:
            return word, opposite
    return None
