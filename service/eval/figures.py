"""Figures measured on a public dataset, each with the number of items it is over.

Every scorer returns a `PublicReport`; the text table and the JSON carry the same figures under
the same names, so a figure quoted from either can be found in the other.
"""

import time
from dataclasses import dataclass, field
from statistics import fmean, median
from typing import Any


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float | None
    """None where the figure is undefined (e.g. precision with nothing predicted)."""
    over: int
    unit: str
    """What `over` counts: "summaries", "predicted spans", "relations", ..."""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    figures: tuple[Figure, ...]


@dataclass(slots=True)
class PublicReport:
    format: str
    source: str
    mode: str = "fast"
    sections: list[Section] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    """Wall time of the work done for each article (or item), in order."""
    names: list[str] = field(default_factory=list)
    """The article (or item) each entry of `seconds` is for."""
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def timed(report: PublicReport, name: str, started: float) -> None:
    """Record the time since `started` (a `time.perf_counter()` reading) as `name`'s."""
    report.seconds.append(time.perf_counter() - started)
    report.names.append(name)


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def report_json(report: PublicReport) -> dict[str, Any]:
    return {
        "format": report.format,
        "mode": report.mode,
        "source": report.source,
        "sections": {
            section.title: [
                {"name": f.name, "value": f.value, "over": f.over, "unit": f.unit}
                for f in section.figures
            ]
            for section in report.sections
        },
        "timing_ms": _timing(report),
        "notes": report.notes,
        "errors": report.errors,
    }


def report_text(report: PublicReport) -> str:
    lines = [f"deskcheck eval: {report.format} at {report.source}, mode {report.mode}"]
    for section in report.sections:
        lines += ["", section.title, "-" * len(section.title)]
        lines += [_figure_line(f) for f in section.figures]
    timing = _timing(report)
    lines += [
        "",
        f"time per article: mean {timing['mean']} ms, median {timing['median']} ms, "
        f"max {timing['max']} ms ({timing['slowest']}) over {timing['articles']} articles",
    ]
    lines += [f"note: {note}" for note in report.notes]
    lines += [f"error: {error}" for error in report.errors]
    return "\n".join(lines)


def _figure_line(figure: Figure) -> str:
    value = figure.value
    shown = "-" if value is None else str(value) if isinstance(value, int) else f"{value:.3f}"
    return f"  {figure.name:<46}{shown:>7}   over {figure.over} {figure.unit}"


def _timing(report: PublicReport) -> dict[str, float | int | str | None]:
    seconds = report.seconds
    if not seconds:
        return {"articles": 0, "mean": None, "median": None, "max": None, "slowest": None}
    slowest = max(range(len(seconds)), key=seconds.__getitem__)
    return {
        "articles": len(seconds),
        "mean": round(fmean(seconds) * 1000, 2),
        "median": round(median(seconds) * 1000, 2),
        "max": round(seconds[slowest] * 1000, 2),
        "slowest": report.names[slowest],
    }
