"""The acceptance-rate chart: inline SVG drawn on the server, one line per flag type."""

from markupsafe import Markup, escape

from schemas.review import StatsRow

WIDTH, HEIGHT, PAD = 640, 260, 40
PALETTE = (
    "#c0392b",
    "#2471a3",
    "#1e8449",
    "#b9770e",
    "#7d3c98",
    "#117a65",
    "#a04000",
    "#2e4053",
    "#b03a2e",
    "#1f618d",
    "#239b56",
    "#6c3483",
)


def acceptance_chart(rows: list[StatsRow]) -> Markup:
    weeks = sorted({r.week for r in rows})
    types = sorted({r.flag_type for r in rows})
    if not weeks:
        return Markup('<p class="empty">No decisions yet: the chart appears after the first.</p>')
    parts = [_axes(weeks)]
    for n, flag_type in enumerate(types):
        points = [
            (weeks.index(r.week), r.acceptance_rate) for r in rows if r.flag_type == flag_type
        ]
        parts.append(_series(points, len(weeks), PALETTE[n % len(PALETTE)], flag_type, n))
    body = Markup("").join(parts)
    return Markup(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-label="acceptance rate per flag type and week">{body}</svg>'
    ).format(w=WIDTH + 200, h=HEIGHT, body=body)


def _x(index: int, count: int) -> float:
    return PAD + (WIDTH - 2 * PAD) * (index / max(count - 1, 1))


def _y(rate: float) -> float:
    return HEIGHT - PAD - (HEIGHT - 2 * PAD) * rate


def _axes(weeks: list[str]) -> Markup:
    lines = [
        Markup(
            '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="grid"/>'
            '<text x="4" y="{3}">{4}%</text>'
        ).format(PAD, _y(r), WIDTH - PAD, _y(r) + 4, int(r * 100))
        for r in (0.0, 0.5, 1.0)
    ]
    labels = [
        Markup('<text x="{}" y="{}" text-anchor="middle">{}</text>').format(
            _x(i, len(weeks)), HEIGHT - 12, week
        )
        for i, week in enumerate(weeks)
    ]
    return Markup("").join(lines + labels)


def _series(points: list[tuple[int, float]], count: int, color: str, name: str, n: int) -> Markup:
    coords = " ".join(f"{_x(i, count):.1f},{_y(rate):.1f}" for i, rate in points)
    dots = Markup("").join(
        Markup(
            '<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"><title>{}: {:.0%}</title></circle>'
        ).format(_x(i, count), _y(rate), color, name, rate)
        for i, rate in points
    )
    legend = Markup(
        '<rect x="{0}" y="{1}" width="10" height="10" fill="{2}"/><text x="{3}" y="{4}">{5}</text>'
    ).format(WIDTH + 10, PAD + 16 * n, color, WIDTH + 26, PAD + 16 * n + 9, escape(name))
    return (
        Markup('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>').format(
            coords, color
        )
        + dots
        + legend
    )
