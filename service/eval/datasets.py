"""Which public format a path holds, and scoring it with the matching loader and scorer."""

from pathlib import Path
from typing import cast

from schemas.common import Mode
from service.config import Settings
from service.eval.fast import FastRunner
from service.eval.figures import PublicReport
from service.eval.formats import PUBLIC_FORMATS, PublicFormat
from service.eval.polnear import is_polnear, load_polnear, score_polnear
from service.eval.ptc import is_ptc, load_ptc, score_ptc
from service.eval.realsumm import find_sources, load_realsumm, score_realsumm
from service.eval.summedits import FILE_PATTERN, load_summedits, score_summedits


def detect_format(path: Path) -> PublicFormat | None:
    """The public format of a file or folder; None for the case formats (.jsonl, .expected.json)."""
    if path.is_file():
        return "summedits" if path.match(FILE_PATTERN) else None
    if not path.is_dir():
        return None
    if any(path.glob(FILE_PATTERN)):
        return "summedits"
    if is_ptc(path):
        return "ptc"
    if is_polnear(path):
        return "polnear"
    if find_sources(path) is not None:
        return "realsumm"
    return None


def score_public(
    kind: PublicFormat, path: Path, settings: Settings, limit: int | None, mode: Mode = "fast"
) -> PublicReport:
    """Load every item first (a malformed file stops the run before any scoring), then score.

    `mode="full"` (REALSumm only) has the configured model write the summaries."""
    source = str(path)
    with FastRunner(settings, mode) as runner:
        if kind == "summedits":
            return score_summedits(load_summedits(path, limit), runner, source)
        if kind == "ptc":
            return score_ptc(load_ptc(path)[:limit], runner, source)
        if kind == "polnear":
            articles, notes = load_polnear(path)
            return score_polnear(articles[:limit], runner, source, notes)
        return score_realsumm(load_realsumm(path)[:limit], runner, source)


def resolve_format(paths: list[Path], requested: str) -> PublicFormat | None:
    """The public format to score, or None for labeled cases files."""
    if requested in PUBLIC_FORMATS:
        return cast(PublicFormat, requested)
    if requested == "auto" and len(paths) == 1:
        return detect_format(paths[0])
    return None
