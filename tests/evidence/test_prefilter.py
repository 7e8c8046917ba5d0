"""The keyword guards in front of regular expressions must never skip a real match."""

import re
import sys

import pytest

from service.evidence.assertions import _compiled as _assertion_pattern
from service.evidence.attribution import CHECKWORTHY
from service.evidence.attribution.sources import TITLED_NAME
from service.evidence.context import build_context
from service.evidence.detectors._pattern import PatternDetector
from service.evidence.detectors.anonymous_phrase import ANONYMOUS_PHRASE
from service.evidence.detectors.hedged import HEDGED
from service.evidence.detectors.modality import (
    _SPOKEN,
    _SPOKEN_KEYWORDS,
    _WRITTEN,
    _WRITTEN_KEYWORDS,
)
from service.evidence.detectors.speculation import SPECULATION
from service.evidence.detectors.unconfirmed import UNCONFIRMED
from service.evidence.lexicon import _framing_pattern
from service.evidence.lexicon_tables import framing_rules
from service.evidence.places import PLACE_IN_REGION, PLACE_NAME
from service.evidence.prefilter import (
    FoldedPattern,
    finditer_at_capitals,
    lowered,
    mentions_any,
    required_keywords,
)
from service.text import build_document
from tests.evidence.helpers import SEED_000, SEED_001, seed_text

_CUES: list[PatternDetector] = [UNCONFIRMED, HEDGED, ANONYMOUS_PHRASE, SPECULATION]


def test_lowered_folds_every_character_ignorecase_matches_to_ascii() -> None:
    letters = re.compile("[a-z]", re.IGNORECASE)
    twins = [chr(c) for c in range(0x80, sys.maxunicode + 1) if letters.fullmatch(chr(c))]
    assert all(lowered(c).isascii() and lowered(c).isalpha() for c in twins)


def test_every_cue_match_contains_one_of_its_keywords() -> None:
    samples = [
        "The reports remain unverified and could not be independently confirmed, if true.",
        "It is said to have rumoured; preliminary findings suggested it appears to have failed.",
        "Officials said, speaking on condition of anonymity, who asked not to be named.",
        "His voice trembling, he was visibly shaken by strikes aimed at terrorizing locals.",
        "An unnamed source close to the ministry and analysts suggest it was ſtill unverified.",
    ]
    for cue in _CUES:
        assert cue.keywords is not None
        for text in samples:
            for match in cue.pattern.pattern.finditer(text):
                assert mentions_any(lowered(match.group(0)), cue.keywords), match.group(0)


def test_required_keywords_take_one_from_each_alternative() -> None:
    pattern = re.compile(r"\b(?:unconfirmed reports?|could not be (?:verified|confirmed))\b")
    assert required_keywords(pattern) == (
        "could not be confirmed",
        "could not be verified",
        "unconfirmed report",
    )


def test_required_keywords_skip_optional_parts_and_lower_case_insensitive_ones() -> None:
    pattern = re.compile(r"(?:Senior )?Officials? (?:said|say)", re.IGNORECASE)
    assert required_keywords(pattern) == ("official",)


def test_required_keywords_are_none_when_nothing_literal_is_required() -> None:
    assert required_keywords(re.compile(r"\d+(?:st|nd)?")) is None


# Folded patterns and capital-anchored scans must find exactly what the plain scans find.

_TRICKY = (
    "The İstanbul office SAID 12 KILLED; ſhocking, Kelvin-K ſources said two thouſand were "
    "Reportedly Injured. ‘Quoted,’ he said. Officials Suggest. «Δ» ΑΣ Σ. Ünal Öztürk said."
)


def _samples() -> list[str]:
    texts = [seed_text(SEED_000), seed_text(SEED_001), _TRICKY]
    return [line for text in texts for line in text.splitlines() if line.strip()]


def _folded_patterns() -> list[FoldedPattern]:
    return [
        *(cue.pattern for cue in _CUES),
        _assertion_pattern()[0],
        CHECKWORTHY,
        _SPOKEN,
        _framing_pattern(tuple(range(len(framing_rules())))),
    ]


def test_lowered_keeps_every_offset() -> None:
    cased = (chr(c) for c in range(sys.maxunicode + 1) if chr(c).lower() != chr(c).upper())
    assert all(len(lowered(c)) == 1 for c in cased)


def test_folded_patterns_find_what_case_insensitive_scans_find() -> None:
    for folded in _folded_patterns():
        for text in _samples():
            expected = [m.span() for m in folded.pattern.finditer(text)]
            assert [m.span() for m in folded.finditer(text, lowered(text))] == expected
            first = folded.search(text, lowered(text))
            assert (first.span() if first else None) == (expected[0] if expected else None)


def test_folding_refuses_patterns_it_cannot_fold() -> None:
    for source in (r"\x41", "(?i)a", "Ж"):
        with pytest.raises(ValueError, match="cannot fold"):
            FoldedPattern(re.compile(source, re.IGNORECASE))
    with pytest.raises(ValueError, match="not case-insensitive"):
        FoldedPattern(re.compile("a"))


def test_capital_scans_find_what_finditer_finds() -> None:
    patterns = [TITLED_NAME, PLACE_IN_REGION, PLACE_NAME]
    for pattern in patterns:
        for text in _samples():
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in finditer_at_capitals(pattern, text)] == expected


def test_keyword_guards_cover_their_patterns() -> None:
    spoken = "in a live broadcast, on TV, on air, her voice, a video address, in a speech"
    for match in _SPOKEN.pattern.finditer(spoken):
        assert mentions_any(lowered(match.group(0)), _SPOKEN_KEYWORDS), match.group(0)
    written = "a statement on his Telegram channel; a post via X; he wrote; she posted"
    for match in _WRITTEN.finditer(written):
        assert mentions_any(match.group(0), _WRITTEN_KEYWORDS), match.group(0)


def test_guarded_cue_detectors_find_every_match_of_their_pattern() -> None:
    document = build_document("\n".join(_samples()))
    context = build_context(document)
    for cue in _CUES:
        found = [signal.start for f in cue.detect(context) for _, signal in f.flags]
        expected = [
            sentence.start + match.start()
            for sentence in document.sentences
            for match in cue.pattern.pattern.finditer(sentence.text)
        ]
        assert found == expected


def test_sentences_having_a_keyword_are_those_whose_lowered_text_holds_it() -> None:
    document = build_document(
        "Officials said 12 people died. Nobody Said more. ΟΔΟΣ closed.\nThe sAId report was out."
    )
    texts = [lowered(sentence.text) for sentence in document.sentences]
    keywords = ("said", "ai", "nobody", "όδος", "οδος", "ς", "out", "zebra", "d. n", "q7x")
    # The first analysis may meet a keyword for the first time (a substring search) and the
    # next finds it with the automaton that has learnt it: both answers must be the same.
    for _ in range(2):
        ctx = build_context(document)
        for keyword in keywords:
            expected = [i for i, text in enumerate(texts) if keyword in text]
            assert ctx.keywords.having_one(keyword) == expected, keyword
    either = [i for i, text in enumerate(texts) if "nobody" in text or "out" in text]
    assert [s.index for s in ctx.sentences_having(("zebra", "nobody", "out"))] == either
    assert len(either) == 2
    assert ctx.keywords.with_digit() == [0]
    assert len(list(ctx.sentences_having(None))) == len(document.sentences)
