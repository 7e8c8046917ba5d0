"""The stats chart: one line per flag type across the weeks."""

from schemas.review import StatsRow
from service.review.chart import acceptance_chart


def _row(week: str, flag_type: str, accepted: int, rejected: int) -> StatsRow:
    rate = accepted / (accepted + rejected)
    return StatsRow(
        week=week,
        flag_type=flag_type,
        accepted=accepted,
        rejected=rejected,
        acceptance_rate=rate,
    )


def test_the_chart_draws_one_line_per_flag_type() -> None:
    svg = str(
        acceptance_chart(
            [
                _row("2026-W46", "hedged", 1, 1),
                _row("2026-W47", "hedged", 2, 0),
                _row("2026-W47", "loaded_language", 0, 3),
            ]
        )
    )
    assert svg.count("<polyline") == 2
    assert ">2026-W46</text>" in svg and ">loaded_language</text>" in svg
    assert "<title>hedged: 100%</title>" in svg


def test_without_decisions_the_chart_says_so() -> None:
    assert "No decisions yet" in acceptance_chart([])
