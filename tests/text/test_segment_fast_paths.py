"""Sentence stops are looked for only where one can start, and found as the pattern finds them."""

from service.text.segment import _CANDIDATE, _candidates
from tests.fast_paths import random_texts

STOPS = "ab A.B. U.S. i.e. Dr. 1.5 “Yes.” no!? well… (a) ? ! . \n\n"


def test_candidates_are_the_patterns_matches() -> None:
    for text in random_texts(20_000, seed=3, alphabet=STOPS, longest=30):
        expected = [(m.start(), m.end()) for m in _CANDIDATE.finditer(text, 0, len(text))]
        assert [(m.start(), m.end()) for m in _candidates(text, 0, len(text))] == expected
