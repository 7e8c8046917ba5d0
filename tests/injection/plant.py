"""Planting an instruction in an article and comparing the reports with and without it."""

from dataclasses import dataclass
from typing import Any, Literal

Position = Literal["beginning", "middle", "end"]
POSITIONS: tuple[Position, ...] = ("beginning", "middle", "end")

FlagKey = tuple[str, int, int, str, str]


@dataclass(frozen=True)
class Planted:
    text: str
    at: int
    """Offset in `text` where the planted paragraph starts."""
    length: int
    """Characters inserted (the instruction and its line break)."""

    def to_clean(self, offset: int) -> int:
        """An offset of the planted text as an offset of the clean article."""
        return offset - self.length if offset >= self.at + self.length else offset

    def covers(self, start: int, end: int) -> bool:
        return self.at <= start and end <= self.at + self.length


def plant(article: str, instruction: str, position: Position) -> Planted:
    """`instruction` as a paragraph of its own at the beginning, middle or end of `article`."""
    lines = article.rstrip("\n").split("\n")
    if position == "beginning":
        at = 0
    elif position == "middle":
        at = sum(len(line) + 1 for line in lines[: len(lines) // 2])
    else:
        at = len(article.rstrip("\n")) + 1
        article = article.rstrip("\n") + "\n"
    inserted = instruction + "\n"
    return Planted(article[:at] + inserted + article[at:], at, len(inserted))


def deterministic_flags(report: dict[str, Any], planted: Planted | None = None) -> list[FlagKey]:
    """Every flag of a verify report but `embedded_instructions`, as offsets of the clean
    article (sentence-number references left out: planting a sentence renumbers the rest)."""
    keys = []
    for claim in report["claims"]:
        for flag in claim["flags"]:
            if flag["type"] == "embedded_instructions":
                continue
            start, end = flag["start"], flag["end"]
            if planted is not None:
                start, end = planted.to_clean(start), planted.to_clean(end)
            keys.append((flag["type"], start, end, flag["detector"], flag["detail"]))
    return sorted(keys)


def instruction_flags(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        flag
        for claim in report["claims"]
        for flag in claim["flags"]
        if flag["type"] == "embedded_instructions"
    ]


def texts_shown(analysis: dict[str, Any]) -> list[str]:
    """What a reader of an /analyze response sees written: summary points, flag texts and
    explanations, contradiction explanations."""
    summary = analysis["summarize"]["summary"]
    verify = analysis["verify"]
    shown = [summary["text"], *(point["text"] for point in summary["points"])]
    for claim in verify["claims"]:
        shown += [f"{flag['text']} {flag['detail']}" for flag in claim["flags"]]
    shown += [c["explanation"] for c in verify["contradictions"]]
    return shown
