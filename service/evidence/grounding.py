"""Does a summary sentence rest on the article? Names and numbers it adds are the tell."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from service.text import Document, build_document

_NUMBER = re.compile(r"\d[\d,.:]*\d|\d")
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


def unsupported_terms(claim: str, sources: Iterable[str]) -> list[str]:
    """Terms of `claim` that none of `sources` contains (case- and punctuation-folded)."""
    haystack = _fold(" ".join(sources))
    missing: list[str] = []
    for term in content_terms(claim):
        folded = _fold(term)
        possessive_stem = folded.removesuffix("'s")
        if folded not in haystack and possessive_stem not in haystack and term not in missing:
            missing.append(term)
    return missing


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
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|denied|without)\b|n't\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GroundingRow:
    sentence: str
    verdict: Literal["consistent", "inconsistent", "unsupported"]
    evidence: list[int]
    reason: str


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
        if overlap:
            scored.append((overlap / len(wanted), sentence.index))
    scored.sort(reverse=True)
    return [index for _, index in scored[:top]]


def check_summary(document: Document, summary: str) -> list[GroundingRow]:
    rows = []
    summary_doc = build_document(summary)
    for sentence in summary_doc.sentences:
        rows.append(ground_sentence(document, sentence.text))
    return rows


def ground_sentence(document: Document, claim: str) -> GroundingRow:
    evidence = best_evidence(claim, document)
    sources = [document.sentences[i].text for i in evidence]
    if not evidence:
        return GroundingRow(claim, "unsupported", [], "no article sentence says anything like it")
    if bool(_NEGATION.search(claim)) != any(_NEGATION.search(s) for s in sources):
        return GroundingRow(
            claim,
            "inconsistent",
            evidence,
            "negation differs from the article sentences it matches",
        )
    missing = unsupported_terms(claim, sources)
    numbers_changed = [t for t in missing if t[:1].isdigit()]
    if numbers_changed and any(_NUMBER.search(s) for s in sources):
        return GroundingRow(
            claim, "inconsistent", evidence, f"figures {numbers_changed} differ from the article's"
        )
    if missing:
        return GroundingRow(claim, "unsupported", evidence, f"the article does not say {missing}")
    return GroundingRow(claim, "consistent", evidence, "names and figures match the article")
