"""Temporal contradictions: two times compared only when both clearly date the same past
event (the same event noun, the date attached to it), never a deadline or a schedule."""

import pytest

from service.evidence.model import ContradictionEvidence
from tests.evidence.helpers import evidence_for


def _temporal(text: str) -> list[ContradictionEvidence]:
    _, evidence = evidence_for(text)
    return [c for c in evidence.contradictions if c.type == "temporal"]


@pytest.mark.parametrize(
    "text",
    [
        "The council voted on Tuesday to close three libraries. The closures take effect "
        "on March 31. Residents can comment until the public consultation closes on January 15.",
        "The library closures were approved on March 2. The closures take effect March 31, "
        "and the consultation closes January 15.",
        "The library closures will take effect on March 31, the council said. "
        "The consultation on the closures closed on January 15.",
    ],
)
def test_a_deadline_and_another_events_date_are_not_compared(text: str) -> None:
    assert not _temporal(text)


@pytest.mark.parametrize(
    "text",
    [
        "The new bridge opened on May 4, the city said. "
        "Its opening ceremony will be held on May 10.",
        "The polls opened on June 7. The vote, due to be certified by June 20, was calm.",
    ],
)
def test_a_schedule_is_not_a_past_events_date(text: str) -> None:
    assert not _temporal(text)


@pytest.mark.parametrize(
    "text",
    [
        "The jewellery vault was raided on Friday night, police said. "
        "On Saturday, detectives released images of the raid.",
        "Police arrested the driver on Monday. "
        "Reporters were told of the arrest on Wednesday by a spokesman who said little.",
    ],
)
def test_a_date_of_another_verb_in_the_sentence_does_not_date_the_event(text: str) -> None:
    assert not _temporal(text)


def test_a_date_given_relative_to_the_event_does_not_date_it() -> None:
    assert not _temporal(
        "The factory closed on March 3. A week after the closure, on March 10, workers "
        "protested outside the gates."
    )


def test_a_back_reference_to_another_noun_is_not_the_event() -> None:
    assert not _temporal("The steelworks closed on March 3. The consultation closed on March 20.")


@pytest.mark.parametrize(
    "text",
    [
        "The steelworks closed on March 3, the union said. "
        "The closure, on March 10, left 600 people out of work.",
        "Officers arrested the driver on Monday morning. "
        "The arrest, carried out on Friday, followed a long inquiry.",
        "The rover launched in 2019, the agency said. Since its launch in 2021, "
        "it has sent back 10,000 images.",
    ],
)
def test_the_same_past_event_given_two_dates_conflicts(text: str) -> None:
    temporal = _temporal(text)
    assert len(temporal) == 1
    assert temporal[0].sentences == (0, 1)


def test_an_impossible_date_is_not_read_as_a_date() -> None:
    text = "The vote was held on April 30. On April 31, a day after the vote, results came."
    _, evidence = evidence_for(text)
    assert [t.label for t in evidence.times] == ["April 30"]
    assert evidence.contradictions == []


def test_a_day_after_february_28_is_march_1() -> None:
    text = "The vote was on February 28. On March 1, a day after the vote, results came."
    assert evidence_for(text)[1].contradictions == []
