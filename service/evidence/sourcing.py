"""Sourcing language as a small grammar, composed from parts kept as data
(`seeds/lexicons/sourcing_grammar.tsv`): negation × filler × verification verb × body,
appearance, allegation, unnamed collectives. Each frame is one pattern built from the parts,
so a combination nobody listed ("was never independently corroborated by the ministry") is
found as well as the ones that come to mind."""

import re
from dataclasses import dataclass
from functools import lru_cache

from schemas.verify import FlagType
from service.evidence.attribution.lexicon import inflections, source_words
from service.resources import read_lexicon_rows

_APOSTROPHE = "['’]"


@dataclass(frozen=True, slots=True)
class Frame:
    """One sourcing frame: its pattern, the flag it raises and what the editor is told."""

    name: str
    flag_type: FlagType
    confidence: float
    detail: str
    pattern: re.Pattern[str]
    anchors: tuple[str, ...]
    """Lower-case strings one of which every match contains: a sentence without any is skipped."""
    negations: tuple[str, ...] = ()
    """For a negated frame, the negations one of which every match contains as well."""

    def may_match(self, lowered_text: str) -> bool:
        return any(a in lowered_text for a in self.anchors) and (
            not self.negations or any(n in lowered_text for n in self.negations)
        )


@lru_cache(maxsize=1)
def _parts() -> dict[tuple[str, str], tuple[str, ...]]:
    return {
        (part, kind): tuple(words.split())
        for part, kind, words in read_lexicon_rows("sourcing_grammar.tsv")
    }


def _entries(part: str, kind: str = "-") -> str:
    """An alternation of a part's entries, longest first, "_" read as a space."""
    entries = sorted(_parts()[(part, kind)], key=len, reverse=True)
    return "|".join(re.escape(e).replace("_", r"\s+") for e in entries)


def _verb_forms(part: str, kind: str, only: str | None = None) -> str:
    """Every written form of the verbs of a part; `only="participle"` keeps the past forms."""
    forms: list[str] = []
    for entry in _parts()[(part, kind)]:
        lemma, *irregular = entry.split(":")
        regular = inflections(lemma)
        if only == "participle":
            forms += irregular or [regular[2]]
        else:
            forms += [*regular, *irregular]
    return "|".join(sorted(set(forms), key=len, reverse=True))


def _anchors(*parts: tuple[str, str]) -> tuple[str, ...]:
    """The stems of a part's entries ("verif" for "verify", "den" for "deny") and its
    irregular forms: every written form of the entry holds one of them."""
    found: set[str] = set()
    for part in parts:
        for entry in _parts()[part]:
            lemma, *irregular = entry.replace("_", " ").split(":")
            found.update([lemma.rstrip("ye")[:5] if len(lemma) > 3 else lemma, *irregular])
    return tuple(sorted(found))


def _negations() -> tuple[str, ...]:
    words = [e.replace("_", " ") for e in _parts()[("negation", "-")]]
    return (*words, "n't", "n’t")


def _filler() -> str:
    return rf"(?:\s+(?:{_entries('filler')}|\w+ly))"


def _negated(verbs: str, tail: str = "") -> str:
    negation = rf"(?:\b(?:{_entries('negation')})|n{_APOSTROPHE}t)"
    return rf"{negation}{_filler()}{{0,3}}\s+(?:{verbs})\b{tail}"


def _body() -> str:
    """ "by the ministry", "by Reuters": who could have verified it."""
    return r"(?:\s+by\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,3}[\w’'-]+)?"


def _collective() -> str:
    nouns = sorted({*source_words().anonymous, *_parts()[("collective", "-")]}, key=len)
    plural = "|".join(re.escape(n) for n in reversed(nouns) if n.endswith("s"))
    quantified = rf"(?:{_entries('quantifier')})\s+(?:[a-z-]+\s+)?(?:{plural})"
    return rf"\b(?:{_entries('agent')})\s+{quantified}\b|\b{quantified}\s+(?:\w+\s+)?(?:SPEECH)\b"


@lru_cache(maxsize=1)
def frames() -> tuple[Frame, ...]:
    """The frames, compiled once per process."""
    verification = _verb_forms("verb", "verification")
    participles = _verb_forms("verb", "verification", "participle")
    response = _verb_forms("verb", "response")
    objects = _entries("object", "response")
    allegation = _verb_forms("allegation", "verb", "participle")
    be = r"(?:is|are|was|were|be|been|being|has\s+been|have\s+been|had\s+been)"
    speech = "|".join(sorted({*_verb_forms("allegation", "verb").split("|"), "told", "tell"}))
    flags = re.IGNORECASE
    return (
        Frame(
            "verification absent",
            "unconfirmed",
            0.9,
            "The article says this has not been verified or confirmed.",
            re.compile(rf"{_negated(verification)}{_body()}|\bun(?:{participles})\b", flags),
            _anchors(("verb", "verification")),
            (*_negations(), "un"),
        ),
        Frame(
            "not disputed",
            "unconfirmed",
            0.8,
            "A party did not dispute, deny or confirm it: neither side is on the record.",
            re.compile(_negated(_verb_forms("verb", "contest")), flags),
            _anchors(("verb", "contest")),
            _negations(),
        ),
        Frame(
            "no response",
            "unconfirmed",
            0.75,
            "The party concerned did not answer: its side is missing.",
            re.compile(
                _negated(
                    response, rf"(?:\s+(?:to|for|on))?(?:\s+[\w’'-]+){{0,3}}?\s+(?:{objects})\b"
                )
                + rf"|{_negated('comment')}",
                flags,
            ),
            _anchors(("verb", "response")),
            _negations(),
        ),
        Frame(
            "appearance",
            "hedged",
            0.75,
            "Appearance, not fact: the article does not say it is so.",
            re.compile(
                rf"\b(?:{_verb_forms('appearance', 'verb')})\s+to\s+\w+"
                rf"|\b(?:{_entries('appearance', 'adverb')})\b",
                flags,
            ),
            _anchors(("appearance", "verb"), ("appearance", "adverb")),
        ),
        Frame(
            "allegation",
            "hedged",
            0.8,
            "An allegation or a claim nobody stands behind on the record.",
            re.compile(
                rf"\bit\s+{be}{_filler()}{{0,2}}\s+(?:{allegation})\b"
                rf"|\b{be}{_filler()}{{0,2}}\s+(?:{allegation})\s+to\b",
                flags,
            ),
            _anchors(("allegation", "verb")),
        ),
        Frame(
            "unnamed collective",
            "anonymous_source",
            0.8,
            "An unnamed group stands behind this; the editor cannot see who.",
            re.compile(_collective().replace("SPEECH", speech), flags),
            tuple(e.replace("_", " ") for e in _parts()[("quantifier", "-")]),
        ),
    )
