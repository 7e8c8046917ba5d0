"""A loaded term that labels a person or a group is name-calling; one colouring a thing is not."""

import pytest

from service.evidence import analyze
from service.text import build_document
from tests.evidence.helpers import fast_report_of


def _wording(text: str) -> list[tuple[str, str]]:
    evidence = analyze(build_document(text))
    return [(s.type, text[s.start : s.end]) for s in evidence.loaded_terms()]


def test_a_label_noun_is_name_calling_wherever_it_stands() -> None:
    assert _wording("The thugs attacked the protesters on Monday.") == [("name_calling", "thugs")]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The disgraced former FBI director resigned on Friday.", "disgraced"),
        ("Voters want to boot out the corrupt career politicians.", "corrupt"),
        ("He was seen with the infamous Cardinal Danneels at the meeting.", "infamous"),
    ],
)
def test_a_judgement_before_a_person_a_group_or_a_name_is_name_calling(
    text: str, term: str
) -> None:
    assert _wording(text) == [("name_calling", term)]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("He gave an infamous speech in 2014.", "infamous"),
        ("It showed the infamous Obama-Farrakhan photo.", "infamous"),
        ("It was proven by the infamous Munich Pact of 1938.", "infamous"),
    ],
)
def test_a_judgement_of_a_thing_stays_loaded_wording(text: str, term: str) -> None:
    assert _wording(text) == [("loaded_language", term)]


def test_a_word_of_feeling_before_a_person_stays_loaded_wording() -> None:
    assert _wording("Kim is a brutal dictator.") == [("loaded_language", "brutal")]


def test_the_report_counts_name_calling_apart_and_says_why() -> None:
    report = fast_report_of("The man, a notorious crook, has denied the charges.")
    flags = [f for c in report.claims for f in c.flags]
    assert [(f.type, f.text) for f in flags] == [
        ("name_calling", "notorious"),
        ("name_calling", "crook"),
    ]
    assert flags[0].detail.startswith("Name-calling: a judgement pinned on someone")
    assert (report.counts.name_calling, report.counts.loaded_language) == (2, 0)
