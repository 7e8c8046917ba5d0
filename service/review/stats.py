"""How often editors agree with each flag type, week by week (each flag's newest decision)."""

from collections import Counter
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.review import StatsRow, StatsView
from schemas.verify import FlagType
from service.evidence.flag_types import RETIRED_FLAG_TYPES
from service.review.integrity import EDITOR_DETECTOR
from service.store import Database
from service.store.models import FlagDecision, FlagRow

Tally = Counter[tuple[str, FlagType, str]]


def acceptance_stats(db: Database) -> StatsView:
    with db.session() as session:
        newest = _newest_decisions(session)
    weekly: Tally = Counter()
    overall: Tally = Counter()
    for decided_at, flag_type, decision in newest.values():
        weekly[(iso_week(decided_at), flag_type, decision)] += 1
        overall[("all", flag_type, decision)] += 1
    return StatsView(weeks=_rows(weekly), overall=_rows(overall))


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _newest_decisions(session: Session) -> dict[int, tuple[datetime, FlagType, str]]:
    rows = session.execute(
        select(FlagDecision.flag_id, FlagDecision.decided_at, FlagRow.type, FlagDecision.decision)
        .join(FlagRow, FlagRow.id == FlagDecision.flag_id)
        .where(FlagRow.type.not_in(RETIRED_FLAG_TYPES))
        # An editor's own flag is accepted as it is made: it says nothing of a detector.
        .where(FlagRow.detector != EDITOR_DETECTOR)
        .order_by(FlagDecision.id)
    )
    return {flag_id: (at, flag_type, decision) for flag_id, at, flag_type, decision in rows}


def _rows(tally: Tally) -> list[StatsRow]:
    keys = sorted({(week, flag_type) for week, flag_type, _ in tally})
    rows = []
    for week, flag_type in keys:
        accepted, rejected = tally[(week, flag_type, "accept")], tally[(week, flag_type, "reject")]
        rows.append(
            StatsRow(
                week=week,
                flag_type=flag_type,
                accepted=accepted,
                rejected=rejected,
                acceptance_rate=round(accepted / (accepted + rejected), 3),
            )
        )
    return rows
