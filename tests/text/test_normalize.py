"""Normalisation keeps every character's origin: checked against the plain definition (each
run of a starter and its combining marks, invisibles dropped, NFC-composed) on text that mixes
ASCII with combining marks, invisible characters and letters NFC composes or keeps."""

import random
import unicodedata

import pytest

from service.text.normalize import is_invisible, normalize

PIECES = [
    *("a", "e", "Z", " ", "\n", ".", "1"),
    *("\u0301", "\u0308", "\u0327"),  # combining acute, diaeresis, cedilla
    *("\u00e9", "\u00c5", "\u0130", "\ufb01", "\u2003", "\U0001f600"),  # é Å İ ﬁ em space 😀
    *("\u00ad", "\u200b", "\ufeff", "\u202a", "\U000e0041"),  # soft hyphen, zero width, tags
]


def _by_definition(original: str) -> tuple[str, list[int], list[int]]:
    out, starts, ends = [], [], []
    index = 0
    while index < len(original):
        end = index + 1
        while end < len(original) and unicodedata.combining(original[end]):
            end += 1
        run = "".join(c for c in original[index:end] if not is_invisible(c))
        for char in unicodedata.normalize("NFC", run):
            out.append(char)
            starts.append(index)
            ends.append(end)
        index = end
    return "".join(out), starts, ends


@pytest.mark.parametrize("seed", range(5))
def test_normalized_text_and_origins_follow_the_definition(seed: int) -> None:
    chooser = random.Random(seed)
    for _ in range(400):
        original = "".join(chooser.choice(PIECES) for _ in range(chooser.randint(1, 40)))
        normalized = normalize(original)
        text, starts, ends = _by_definition(original)
        assert normalized.text == text, repr(original)
        if normalized.text is not original:
            assert (list(normalized.starts), list(normalized.ends)) == (starts, ends)


def test_a_combining_mark_after_ascii_composes_with_it_and_maps_to_both() -> None:
    original = "Cafe\u0301 and Kyi\u0308v reopened."
    normalized = normalize(original)
    assert normalized.text == "Café and Kyïv reopened."
    e_acute = normalized.text.index("é")
    assert normalized.to_original(e_acute, e_acute + 1) == (3, 5)
    after = normalized.text.index("reopened")
    assert original[slice(*normalized.to_original(after, after + 8))] == "reopened"
