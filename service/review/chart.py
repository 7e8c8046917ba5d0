"""The acceptance-rate chart: small multiples, one inline-SVG panel per flag type.

One panel per type keeps every point in view (no two series share a plot, so none hides
another); each panel is named in text, and each type has its own marker shape besides its own
colour, so colour is never the only signal. The colours are Okabe and Ito's colour-blind-safe
set (tests/review/test_chart.py measures them under simulated colour-vision deficiencies). The
panels sit in a CSS grid that is four abreast on a laptop and one column on a phone; each SVG
scales with its viewBox.
"""

import math
from dataclasses import dataclass

from markupsafe import Markup

from schemas.stats import StatsRow
from service.evidence.flag_types import FLAG_TYPES

OKABE_ITO = ("#000000", "#e69f00", "#56b4e9", "#009e73", "#0072b2", "#d55e00", "#cc79a7")
"""Okabe & Ito (2008), "Color Universal Design", without its yellow (#f0e442), which is too
pale for a line on white. Seven colours cannot tell thirteen types apart: the shapes do."""

MAX_WEEKS = 12
"""The chart shows the newest weeks only, so markers keep their room; the table has them all."""

WIDTH, HEIGHT = 300, 150
LEFT, RIGHT, TOP, BOTTOM = 36, 40, 10, 26
MARKER_RADIUS = 5.0
INSET = 2 * MARKER_RADIUS


def _polygon(*corners: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    return corners


def _regular(sides: int, turn: float = 0.0, star: bool = False) -> tuple[tuple[float, float], ...]:
    """Corners of a regular polygon (or star) of radius ~1.2 around the origin, pointing up."""
    points = sides * 2 if star else sides
    corners = []
    for k in range(points):
        radius = (1.3 if k % 2 == 0 else 0.55) if star else 1.15
        angle = 2 * math.pi * k / points - math.pi / 2 + turn
        corners.append((radius * math.cos(angle), radius * math.sin(angle)))
    return tuple(corners)


_PLUS = _polygon(
    (-0.35, -1.1), (0.35, -1.1), (0.35, -0.35), (1.1, -0.35), (1.1, 0.35), (0.35, 0.35),
    (0.35, 1.1), (-0.35, 1.1), (-0.35, 0.35), (-1.1, 0.35), (-1.1, -0.35), (-0.35, -0.35),
)  # fmt: skip
_CROSS = tuple(
    (x * math.cos(math.pi / 4) - y * math.sin(math.pi / 4),
     x * math.sin(math.pi / 4) + y * math.cos(math.pi / 4))
    for x, y in _PLUS
)  # fmt: skip

MARKERS: dict[str, tuple[tuple[float, float], ...]] = {
    "circle": (),
    "square": _polygon((-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)),
    "triangle": _polygon((0, -1.25), (1.15, 0.85), (-1.15, 0.85)),
    "diamond": _polygon((0, -1.3), (1.1, 0), (0, 1.3), (-1.1, 0)),
    "triangle-down": _polygon((0, 1.25), (1.15, -0.85), (-1.15, -0.85)),
    "hexagon": _regular(6),
    "star": _regular(5, star=True),
    "plus": _PLUS,
    "cross": _CROSS,
    "pentagon": _regular(5),
    "triangle-left": _polygon((-1.25, 0), (0.85, -1.15), (0.85, 1.15)),
    "triangle-right": _polygon((1.25, 0), (-0.85, -1.15), (-0.85, 1.15)),
    "hourglass": _polygon((-1, -1.1), (1, -1.1), (0.2, 0), (1, 1.1), (-1, 1.1), (-0.2, 0)),
    "bowtie": _polygon((-1.1, -1), (0, -0.2), (1.1, -1), (1.1, 1), (0, 0.2), (-1.1, 1)),
}
"""One shape per flag type: a series is told apart in grey print or by a colour-blind reader."""


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    marker: str


def series_style(flag_type: str) -> SeriesStyle:
    """A flag type's colour and shape, fixed by its place in the flag-type table, so a type
    looks the same whichever other types have decisions."""
    index = [spec.type for spec in FLAG_TYPES].index(flag_type)  # type: ignore[arg-type]
    shapes = list(MARKERS)
    return SeriesStyle(OKABE_ITO[index % len(OKABE_ITO)], shapes[index % len(shapes)])


def marker(style: SeriesStyle, x: float, y: float, radius: float = MARKER_RADIUS) -> Markup:
    """The type's shape at (x, y), outlined in ink so that pale fills still stand out."""
    corners = MARKERS[style.marker]
    if not corners:
        return Markup('<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" class="mark"/>').format(
            x, y, radius * 0.95, style.colour
        )
    points = " ".join(f"{x + radius * cx:.1f},{y + radius * cy:.1f}" for cx, cy in corners)
    return Markup('<polygon points="{}" fill="{}" class="mark"/>').format(points, style.colour)


def key_symbol(flag_type: str) -> Markup:
    """The type's marker alone, for a caption or a table row."""
    return Markup(
        '<svg class="key" viewBox="-8 -8 16 16" width="16" height="16" aria-hidden="true">{}</svg>'
    ).format(marker(series_style(flag_type), 0, 0))


def acceptance_chart(rows: list[StatsRow]) -> Markup:
    weeks = sorted({r.week for r in rows})[-MAX_WEEKS:]
    if not weeks:
        return Markup('<p class="empty">No decisions yet: the chart appears after the first.</p>')
    present = {r.flag_type for r in rows if r.week in weeks}
    panels = [
        _panel(spec.type, [r for r in rows if r.flag_type == spec.type and r.week in weeks], weeks)
        for spec in FLAG_TYPES
        if spec.type in present
    ]
    return Markup('<div class="multiples" id="acceptance-chart">{}</div>').format(
        Markup("").join(panels)
    )


def _x(index: int, count: int) -> float:
    """Weeks across the plot, inset from the axis labels by a marker's width."""
    start, span = LEFT + INSET, WIDTH - LEFT - RIGHT - 2 * INSET
    return start + span / 2 if count == 1 else start + span * index / (count - 1)


def _y(rate: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - rate)


def _panel(flag_type: str, rows: list[StatsRow], weeks: list[str]) -> Markup:
    style = series_style(flag_type)
    points = [(_x(weeks.index(r.week), len(weeks)), _y(r.acceptance_rate), r) for r in rows]
    described = ", ".join(f"{r.week} {r.acceptance_rate:.0%}" for r in rows)
    line = Markup(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" class="line"/>'
    ).format(" ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points), style.colour)
    marks = Markup("").join(
        Markup("<g>{}<title>{}: {:.0%} of {} decided</title></g>").format(
            marker(style, x, y), r.week, r.acceptance_rate, r.accepted + r.rejected
        )
        for x, y, r in points
    )
    last_x, last_y, last = points[-1]
    value = Markup('<text x="{:.1f}" y="{:.1f}" class="value">{:.0%}</text>').format(
        last_x + 8, last_y + 4, last.acceptance_rate
    )
    return Markup(
        '<figure class="panel" data-flag-type="{name}">'
        "<figcaption>{key} {name}</figcaption>"
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-label="{name}: acceptance rate by week: {described}">'
        "{axes}{line}{marks}{value}</svg></figure>"
    ).format(
        name=flag_type,
        key=key_symbol(flag_type),
        w=WIDTH,
        h=HEIGHT,
        described=described,
        axes=_axes(weeks),
        line=line,
        marks=marks,
        value=value,
    )


def _axes(weeks: list[str]) -> Markup:
    lines = [
        Markup(
            '<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" class="grid"/>'
            '<text x="{3}" y="{4:.1f}" text-anchor="end">{5}%</text>'
        ).format(LEFT, _y(rate), WIDTH - RIGHT, LEFT - 5, _y(rate) + 4, int(rate * 100))
        for rate in (0.0, 0.5, 1.0)
    ]
    labels = [
        Markup('<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>').format(
            _x(i, len(weeks)), HEIGHT - 8, weeks[i]
        )
        for i in _labelled(len(weeks))
    ]
    return Markup("").join(lines + labels)


def _labelled(count: int) -> list[int]:
    """At most three week labels (first, middle, last): more would collide on a phone."""
    return sorted({0, (count - 1) // 2, count - 1})
