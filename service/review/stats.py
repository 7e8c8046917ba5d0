"""How often editors agree with each flag type, week by week (each flag's newest decision), and
how precise each type and family is, with a recall estimated from the flags editors add.

Precision counts the machine's flags editors accepted or rejected; a flag marked as a duplicate
of another is neither right nor wrong, so it is counted apart and lowers nothing. Recall cannot
be known from decisions alone (a missed span has no flag to decide); what the desk has is the
flags editors add by hand (detector `editor`): each one the machine missed, unless editors
rejected it or marked it a duplicate of a flag the machine did raise. So the estimate is
accepted / (accepted + editor flags), and is not available until editors add flags at all.
"""

from collections import Counter
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from schemas.stats import QualityRow, StatsRow, StatsView
from schemas.verify import FlagType
from service.evidence.flag_types import FAMILIES, RETIRED_FLAG_TYPES, SPECS, types_with
from service.review.integrity import EDITOR_DETECTOR
from service.store import Database
from service.store.models import FlagDecision, FlagRow

EDITOR = EDITOR_DETECTOR
"""The detector of flags editors add by hand."""

Tally = Counter[tuple[str, FlagType, str]]


def acceptance_stats(db: Database) -> StatsView:
    with db.session() as session:
        newest = _newest_decisions(session)
        editor_flags = _editor_flags(session)
        # Editors add flags at all (even ones later rejected): misses then have somewhere to go.
        available = (
            session.scalar(
                select(exists().where(FlagRow.detector == EDITOR, FlagRow.type.not_in(_MARKS)))
            )
            or False
        )
    weekly: Tally = Counter()
    overall: Tally = Counter()
    for decided_at, flag_type, decision in newest.values():
        weekly[(iso_week(decided_at), flag_type, decision)] += 1
        overall[("all", flag_type, decision)] += 1
    return StatsView(
        weeks=_rows(weekly),
        overall=_rows(overall),
        by_type=_quality(overall, editor_flags, available, by_family=False),
        by_family=_quality(overall, editor_flags, available, by_family=True),
        recall_available=available,
    )


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _newest_decisions(session: Session) -> dict[int, tuple[datetime, FlagType, str]]:
    """The newest decision on each of the machine's flags (editors' own are not judged here)."""
    rows = session.execute(
        select(FlagDecision.flag_id, FlagDecision.decided_at, FlagRow.type, FlagDecision.decision)
        .join(FlagRow, FlagRow.id == FlagDecision.flag_id)
        .where(FlagRow.type.not_in(RETIRED_FLAG_TYPES), FlagRow.detector != EDITOR)
        .order_by(FlagDecision.id)
    )
    return {flag_id: (at, flag_type, decision) for flag_id, at, flag_type, decision in rows}


_MARKS = types_with("none")
"""Editors' marks no detector raises (`attribution_cue`): teaching, not a detector's miss."""


def _editor_flags(session: Session) -> Counter[FlagType]:
    """Editors' own flags per type that stand for a miss: not rejected, not a duplicate."""
    decided = session.execute(
        select(FlagDecision.flag_id, FlagDecision.decision)
        .join(FlagRow, FlagRow.id == FlagDecision.flag_id)
        .where(FlagRow.detector == EDITOR)
        .order_by(FlagDecision.id)
    )
    newest: dict[int, str] = {flag_id: decision for flag_id, decision in decided}
    flags = session.execute(
        select(FlagRow.id, FlagRow.type).where(
            FlagRow.detector == EDITOR, FlagRow.type.not_in(RETIRED_FLAG_TYPES | _MARKS)
        )
    )
    return Counter(
        flag_type
        for flag_id, flag_type in flags
        if newest.get(flag_id) not in ("reject", "duplicate")
    )


def _rows(tally: Tally) -> list[StatsRow]:
    keys = sorted({(week, flag_type) for week, flag_type, _ in tally})
    rows = []
    for week, flag_type in keys:
        accepted, rejected = tally[(week, flag_type, "accept")], tally[(week, flag_type, "reject")]
        if not accepted + rejected:
            continue  # only duplicates: no rate to give
        rows.append(
            StatsRow(
                week=week,
                flag_type=flag_type,
                accepted=accepted,
                rejected=rejected,
                duplicates=tally[(week, flag_type, "duplicate")],
                acceptance_rate=round(accepted / (accepted + rejected), 3),
            )
        )
    return rows


def _quality(
    overall: Tally, editor_flags: Counter[FlagType], available: bool, *, by_family: bool
) -> list[QualityRow]:
    """One row per flag type (or per family) that has decisions or editors' flags."""
    counts: Counter[tuple[str, str]] = Counter()
    for (_, flag_type, decision), n in overall.items():
        counts[(_group(flag_type, by_family), decision)] += n
    for flag_type, n in editor_flags.items():
        counts[(_group(flag_type, by_family), EDITOR)] += n
    order: list[str] = list(FAMILIES) if by_family else list(SPECS)
    groups = sorted({group for group, _ in counts}, key=order.index)
    return [_quality_row(group, counts, available) for group in groups]


def _group(flag_type: FlagType, by_family: bool) -> str:
    return SPECS[flag_type].family if by_family else flag_type


def _quality_row(group: str, counts: Counter[tuple[str, str]], available: bool) -> QualityRow:
    accepted, rejected = counts[(group, "accept")], counts[(group, "reject")]
    missed = counts[(group, EDITOR)]
    return QualityRow(
        group=group,
        accepted=accepted,
        rejected=rejected,
        duplicates=counts[(group, "duplicate")],
        precision=round(accepted / (accepted + rejected), 3) if accepted + rejected else None,
        editor_flags=missed,
        recall=round(accepted / (accepted + missed), 3)
        if available and accepted + missed
        else None,
    )
