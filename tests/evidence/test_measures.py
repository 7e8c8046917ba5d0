"""Every figure gets a measure (what it counts, the event, who gives it, when, where); two values
of one measure are one numeric contradiction. Short made-up articles, one behaviour each."""

import pytest

from service.evidence.model import ContradictionEvidence
from tests.evidence.helpers import evidence_for


def _numeric(text: str) -> list[ContradictionEvidence]:
    _, evidence = evidence_for(text)
    return [c for c in evidence.contradictions if c.type == "numeric"]


@pytest.mark.parametrize(
    "text",
    [
        "Rangers said 64 deer were culled on the estate this winter. "
        "The landowners' association put the figure at 41.",
        "Twelve miners were trapped underground, the company said. "
        "The regional mining authority gave its estimate as 20.",
        "Organisers said 340 runners were disqualified. "
        "The athletics federation's tally was 275, a spokesman said.",
    ],
)
def test_an_anaphor_restates_the_nearest_measure(text: str) -> None:
    numeric = _numeric(text)
    assert len(numeric) == 1
    assert numeric[0].sentences == (0, 1)
    assert "according to" in numeric[0].explanation


@pytest.mark.parametrize(
    "text",
    [
        "The coastguard said 31 fishermen were rescued off the headland. "
        "Volunteers, however, insisted only 18 had been rescued.",
        "Inspectors said 90 restaurants were closed during the outbreak. "
        "The trade body said 140 had been closed.",
    ],
)
def test_a_figure_with_its_event_alone_restates_the_measure(text: str) -> None:
    numeric = _numeric(text)
    assert len(numeric) == 1
    assert numeric[0].sentences == (0, 1)


@pytest.mark.parametrize(
    "text",
    [
        "The health board said 58 nurses were suspended. "
        "The health board later revised the number, saying 37 nurses had been suspended.",
        "Earlier, the airline had said 210 passengers were stranded. "
        "The airline now says 150 passengers were stranded.",
    ],
)
def test_one_source_at_two_moments_is_a_correction_flagged_once(text: str) -> None:
    numeric = _numeric(text)
    assert len(numeric) == 1
    assert "correction" in numeric[0].explanation


@pytest.mark.parametrize(
    "text",
    [
        "Wardens said 64 deer were culled. By March the figure had climbed to 90.",
        "Wardens said 64 deer were culled. Another 26 deer were culled in April.",
        "Wardens said 64 deer were culled. Of them, 20 were fawns.",
        "Wardens said 64 deer were culled. About 5 deer a week were culled last winter.",
    ],
)
def test_a_change_a_part_or_a_rate_is_no_second_value(text: str) -> None:
    assert not _numeric(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police said 12 protesters were detained. A lawyer said a dozen protesters were detained.",
        "Police said 19 protesters were detained. A lawyer said nineteen protesters were detained.",
        "Police said 4,000 homes were evacuated. The mayor said 4 thousand homes were evacuated.",
        "Police said 48 protesters were detained. A lawyer said four dozen had been detained.",
    ],
)
def test_the_same_value_in_other_words_is_no_conflict(text: str) -> None:
    assert not _numeric(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police said 30 shops were looted. Traders said 20-45 shops were looted.",
        "Police said 30 shops were looted. Traders said between 25 and 40 shops were looted.",
    ],
)
def test_a_range_holding_the_other_value_is_no_conflict(text: str) -> None:
    assert not _numeric(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police said 30 shops were looted in Arlen. In nearby Cowfold, 12 shops were looted.",
        "Police said 30 shops were looted. In 2011, 12 shops were looted, traders said.",
        "Police said 30 shops were looted. Last year, traders said, 12 shops were looted.",
    ],
)
def test_another_place_or_period_is_another_measure(text: str) -> None:
    assert not _numeric(text)


def test_a_source_set_off_between_figure_and_verb_keeps_the_measure() -> None:
    numeric = _numeric(
        "Firefighters said 75 barns were burned. 40 barns, the farmers' union said, were burned."
    )
    assert len(numeric) == 1
    assert numeric[0].sentences == (0, 1)
    assert "Two sources disagree on the number of barns burned" in numeric[0].explanation


def test_a_disagreement_told_twice_is_shown_once() -> None:
    numeric = _numeric(
        "The agency said 23 cattle were stolen. Its report repeats that 23 cattle were stolen. "
        "Farmers said 15 cattle were stolen."
    )
    assert len(numeric) == 1
    assert "23" in numeric[0].explanation and "15" in numeric[0].explanation
