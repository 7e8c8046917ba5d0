"""The keyword guards in front of regular expressions must never skip a real match."""

import re
import sys

from service.evidence.prefilter import lowered, mentions_any
from service.evidence.rules import _CUES


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
    for _, _, _, pattern, keywords in _CUES:
        for text in samples:
            for match in pattern.pattern.finditer(text):
                assert mentions_any(lowered(match.group(0)), keywords), match.group(0)
