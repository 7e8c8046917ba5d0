"""One person, two offices: a role contradiction; history and stand-ins are not."""

from service.evidence import analyze
from service.text import build_document


def _roles(text: str) -> list[tuple[int, ...]]:
    evidence = analyze(build_document(text))
    return [c.sentences for c in evidence.contradictions if c.type == "role"]


def test_one_person_given_two_offices_is_a_role_contradiction() -> None:
    text = (
        "Mayor Helen Ortiz opened the new library on Saturday. "
        "The building cost $4 million. "
        "Governor Helen Ortiz said the state would fund its staff."
    )
    assert _roles(text) == [(0, 2)]


def test_the_flag_marks_both_titled_mentions() -> None:
    text = "Mayor Helen Ortiz spoke first. Later, Governor Helen Ortiz took questions."
    evidence = analyze(build_document(text))
    flagged = [text[s.start : s.end] for c in evidence.claims for s in c.signals if s.related]
    assert flagged == ["Mayor Helen Ortiz", "Governor Helen Ortiz"]


def test_a_former_office_is_history_not_a_conflict() -> None:
    text = "Governor Helen Ortiz visited the plant. Former Mayor Helen Ortiz knows the town well."
    assert _roles(text) == []


def test_two_spellings_of_one_office_agree() -> None:
    assert _roles("Gov. Helen Ortiz spoke. Governor Helen Ortiz then left.") == []


def test_different_people_with_different_offices_do_not_conflict() -> None:
    assert _roles("Mayor Helen Ortiz spoke. Governor Tom Reyes replied.") == []
