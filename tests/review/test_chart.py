"""The stats chart: one panel per flag type, colour-blind-safe colours, shapes besides colour."""

import math
import re
from itertools import combinations, pairwise

import pytest
from coloraide import Color

from schemas.stats import StatsRow
from service.evidence.flag_types import FLAG_TYPES
from service.review.chart import MARKER_RADIUS, MAX_WEEKS, OKABE_ITO, acceptance_chart, series_style

PREVIOUS_PALETTE = ("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#117a65", "#b03a2e")
"""The chart's colours before issue 11: anonymous_source and temporal_inconsistency both red."""
CLEARLY_DIFFERENT = 10.0
"""CIEDE2000 distance that reads as a different colour at a glance (2.3 is barely noticeable)."""
VISIONS = {None: CLEARLY_DIFFERENT, "protan": CLEARLY_DIFFERENT, "deutan": CLEARLY_DIFFERENT}
TRITAN_MINIMUM = 6.0
"""Blue-yellow deficiency is rare (~1 in 10,000) and Okabe-Ito's orange and pink come close
under it; the shapes carry the difference there."""


def _closest_pair(palette: tuple[str, ...], deficiency: str | None) -> float:
    """The smallest CIEDE2000 distance between two colours, as seen with `deficiency` (Brettel
    et al.'s simulation for full dichromacy), or with normal vision."""
    seen = [
        Color(c) if deficiency is None else Color(c).filter(deficiency, method="brettel")
        for c in palette
    ]
    return min(a.delta_e(b, method="2000") for a, b in combinations(seen, 2))


def _row(week: str, flag_type: str, accepted: int, rejected: int) -> StatsRow:
    rate = accepted / (accepted + rejected)
    return StatsRow(
        week=week, flag_type=flag_type, accepted=accepted, rejected=rejected, acceptance_rate=rate
    )


def _panels(svg: str) -> dict[str, str]:
    found = re.findall(r'<figure class="panel" data-flag-type="([a-z_]+)">(.*?)</figure>', svg)
    return dict(found)


@pytest.mark.parametrize("deficiency", list(VISIONS))
def test_the_palette_stays_distinguishable_with_colour_blindness(deficiency: str | None) -> None:
    assert _closest_pair(OKABE_ITO, deficiency) >= VISIONS[deficiency]
    assert _closest_pair(OKABE_ITO, "tritan") >= TRITAN_MINIMUM


def test_the_colour_check_rejects_the_previous_palette() -> None:
    # The measure can fail: the old chart's two reds are one colour to a deuteranope.
    assert _closest_pair(PREVIOUS_PALETTE, "deutan") < CLEARLY_DIFFERENT
    assert _closest_pair(PREVIOUS_PALETTE, None) < CLEARLY_DIFFERENT


def test_every_flag_type_has_a_shape_of_its_own() -> None:
    shapes = [series_style(spec.type).marker for spec in FLAG_TYPES]
    assert len(set(shapes)) == len(FLAG_TYPES)  # told apart without any colour
    neighbours = [series_style(spec.type).colour for spec in FLAG_TYPES]
    assert all(a != b for a, b in pairwise(neighbours))
    red_pair = series_style("anonymous_source"), series_style("temporal_inconsistency")
    assert red_pair[0].colour != red_pair[1].colour


def test_each_series_is_named_in_text_in_its_own_panel() -> None:
    svg = str(
        acceptance_chart(
            [
                _row("2026-W46", "hedged", 1, 1),
                _row("2026-W47", "hedged", 2, 0),
                _row("2026-W47", "loaded_language", 0, 3),
            ]
        )
    )
    panels = _panels(svg)
    assert set(panels) == {"hedged", "loaded_language"}
    assert "</svg> hedged</figcaption>" in panels["hedged"]
    assert 'aria-label="hedged: acceptance rate by week: 2026-W46 50%, 2026-W47 100%"' in svg
    assert panels["hedged"].count("<polyline") == 1


def test_points_of_a_panel_never_overlap() -> None:
    weeks = [f"2026-W{n:02d}" for n in range(1, 30)]
    rows = [_row(week, "anonymous_source", 1, 1) for week in weeks]  # one flat line
    panel = _panels(str(acceptance_chart(rows)))["anonymous_source"].split('class="chart"')[1]
    centres = [
        (float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', panel)
    ]
    assert len(centres) == MAX_WEEKS  # the newest weeks; the table lists the rest
    gaps = [math.dist(a, b) for a, b in pairwise(centres)]
    assert min(gaps) > 2 * MARKER_RADIUS
    assert ">2026-W29</text>" in panel and ">2026-W17</text>" not in panel


def test_without_decisions_the_chart_says_so() -> None:
    assert "No decisions yet" in acceptance_chart([])
