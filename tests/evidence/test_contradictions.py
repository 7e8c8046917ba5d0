"""Numeric contradictions compare like with like: the same counted noun, the same event, the
same frame, on the same occasion. Short made-up articles, one behaviour each."""

import pytest

from service.evidence.model import ContradictionEvidence
from tests.evidence.helpers import evidence_for


def _numeric(text: str) -> list[ContradictionEvidence]:
    _, evidence = evidence_for(text)
    return [c for c in evidence.contradictions if c.type == "numeric"]


@pytest.mark.parametrize(
    "text",
    [
        "Police said 23 assaults were reported in the town centre over the weekend. "
        "The council put the number of assaults at 19.",
        "Officers recorded 23 assaults on the Riverside estate in March, police said. "
        "In a separate statement, the council said 19 assaults had been recorded there.",
        "According to Inspector Jane Hollis, there were 23 assaults at the festival. "
        "The organisers counted 19 assaults over the weekend.",
        "The number of assaults on bus drivers reached 23, the transport union said. "
        "The bus operator said 19 assaults on drivers had been logged.",
    ],
)
def test_two_sources_giving_two_counts_of_the_same_assaults_conflict(text: str) -> None:
    numeric = _numeric(text)
    assert len(numeric) == 1
    assert numeric[0].sentences == (0, 1)
    assert "23" in numeric[0].explanation and "19" in numeric[0].explanation


def test_explanation_names_both_sources_that_disagree() -> None:
    numeric = _numeric(
        "Police said 23 assaults were reported in the town centre over the weekend. "
        "The council put the number of assaults at 19."
    )
    assert numeric[0].explanation.startswith("Two sources disagree on the number of assaults")
    assert "according to Police" in numeric[0].explanation
    assert "according to the council" in numeric[0].explanation


def test_one_source_repeating_itself_is_not_called_two_sources() -> None:
    numeric = _numeric(
        "A missile strike killed 14 people on Thursday, the regional governor said. "
        "Among the 11 people killed were three children, the governor added."
    )
    assert numeric
    assert not numeric[0].explanation.startswith("Two sources")


def test_contradicted_counts_are_flagged_on_both_figures() -> None:
    document, evidence = evidence_for(
        "Police said 23 assaults were reported. The council put the number of assaults at 19."
    )
    spans = {
        document.text[s.start : s.end]
        for claim in evidence.claims
        for s in claim.signals
        if s.type == "numeric_inconsistency"
    }
    assert spans == {"23 assaults", "19"}


@pytest.mark.parametrize(
    "text",
    [
        "Greyhaven has about 9,000 residents. "
        "Shop owner Tom Reid said 40, 50 people a day come through his door.",
        "The town, home to 9,000 people, lost its bank in May. "
        "On market days 40, 50 people are treated at the clinic each day, a nurse said.",
        "Rescuers evacuated about 40 people a day from the flooded district. "
        "Officials said 300 people were evacuated from the district.",
    ],
)
def test_a_population_or_a_rate_is_not_compared_with_a_count(text: str) -> None:
    assert not _numeric(text)


def test_the_same_rate_given_twice_with_different_values_conflicts() -> None:
    numeric = _numeric(
        "Rescuers evacuated 40 people a day from the district, the mayor said. "
        "Volunteers said 90 people a day were evacuated from the district."
    )
    assert len(numeric) == 1


@pytest.mark.parametrize(
    "text",
    [
        "At least 19 people were killed in the attack, police said. "
        "Hospital staff said 23 people were killed.",
        "More than 19 assaults were reported, police said. The council counted 23 assaults.",
        "Up to 30 people were injured, the fire service said. Paramedics said 23 were injured "
        "and 23 people were injured in all.",
    ],
)
def test_a_bound_holding_the_other_figure_is_no_conflict(text: str) -> None:
    assert not _numeric(text)


def test_an_approximate_figure_allows_a_wider_gap() -> None:
    assert not _numeric(
        "About 200 people were evacuated, the mayor said. "
        "Firefighters said 230 people were evacuated."
    )


def test_an_approximate_figure_far_from_the_other_still_conflicts() -> None:
    assert _numeric(
        "About 200 people were evacuated, the mayor said. "
        "Firefighters said 400 people were evacuated."
    )


def test_a_range_holding_the_other_figure_is_no_conflict() -> None:
    assert not _numeric(
        "Between 40 and 50 people were injured, the mayor said. "
        "Paramedics said 45 people were injured."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Four people were stabbed at a station near Munich. "
        "In The Hague, three people were stabbed by a man shouting slogans.",
        "In 2016, 106 people were killed in shootings in the country. "
        "In 2017, 120 people were killed in shootings.",
        "Officers arrested 12 people in Leeds on Saturday. Officers arrested 30 people in York.",
    ],
)
def test_counts_at_different_times_or_places_are_not_compared(text: str) -> None:
    assert not _numeric(text)


@pytest.mark.parametrize(
    "text",
    [
        "Two cases were confirmed by the laboratory, the ministry said. "
        "There have been 21 suspected cases in the province.",
        "Twelve people were killed in the blast. Police said 30 people were injured.",
        "The clinic has 20 nurses on its staff. Hospital director Ann Bell said 35 patients "
        "were treated overnight.",
    ],
)
def test_counts_of_different_things_are_not_compared(text: str) -> None:
    assert not _numeric(text)


def test_a_part_of_a_count_is_not_compared_with_the_count() -> None:
    assert not _numeric(
        "Thirty people were injured in the crash, police said. "
        "Doctors said the injured included 12 children, among them 4 people injured badly."
    )


def test_a_durations_is_not_a_count() -> None:
    assert not _numeric(
        "Dwight Hale has served approximately three years in prison. "
        "His son has served four years in prison."
    )


def test_a_count_given_many_values_is_many_occasions() -> None:
    assert not _numeric(
        "Police arrested 7 people on Monday. Police arrested 9 people on the estate. "
        "Police arrested 4 people after the match."
    )


def test_counts_an_order_of_magnitude_apart_count_different_scopes() -> None:
    assert not _numeric(
        "Last year, four people died after an outbreak of the disease. "
        "More than 11,300 people died in the epidemic in West Africa."
    )


def test_a_hyphenated_number_word_is_one_figure() -> None:
    numeric = _numeric(
        "Twenty-three people were killed, the governor said. Police said 19 people were killed."
    )
    assert "23" in numeric[0].explanation


def test_a_revised_toll_is_an_update_not_a_contradiction() -> None:
    assert not _numeric(
        "Officials said 12 people were killed. The death toll later rose to 30 people killed."
    )
