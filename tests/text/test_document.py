"""Normalization and segmentation keep offsets into the text as submitted."""

import unicodedata

from service.text import build_document
from tests.conftest import seed_text


def test_invisible_characters_are_dropped_but_offsets_point_into_the_submitted_text() -> None:
    submitted = "Officials\u200b said the bridge was\u202e closed."
    document = build_document(submitted)
    start = document.text.index("bridge")
    s, e = document.to_submitted(start, start + len("bridge"))
    assert "\u200b" not in document.text
    assert submitted[s:e] == "bridge"


def test_decomposed_accents_are_composed_and_quoted_back_whole() -> None:
    submitted = unicodedata.normalize("NFD", "The café in Kyïv reopened.")
    document = build_document(submitted)
    start = document.text.index("café")
    assert document.text != submitted
    assert document.quote(start, start + len("café")) == submitted[4:9]


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    document = build_document("Gen. J. Smith met Mr. Brown in the U.S. capital. Talks ended.")
    assert [s.text for s in document.sentences] == [
        "Gen. J. Smith met Mr. Brown in the U.S. capital.",
        "Talks ended.",
    ]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    document = build_document("‘We are ready,’ he said. ‘Do not panic.’ Officials agreed.")
    assert [s.text for s in document.sentences] == [
        "‘We are ready,’ he said.",
        "‘Do not panic.’",
        "Officials agreed.",
    ]


def test_every_seed_sentence_quotes_the_submitted_text() -> None:
    text = seed_text("001_100bbb814b795ab1.txt")
    document = build_document(text)
    assert len(document.sentences) == 28
    assert all(document.quote(s.start, s.end) == s.text for s in document.sentences)


def test_find_ignores_case_quote_style_and_spacing() -> None:
    document = build_document("The governor’s  office said so.")
    located = document.find("THE GOVERNOR'S OFFICE")
    assert located is not None
    assert document.text[located[0] : located[1]] == "The governor’s  office"
