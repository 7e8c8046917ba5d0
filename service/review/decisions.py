"""One way to record an editor's decision, on a flag, a claim or a contradiction.

Only the target differs: where its decisions are kept, whether it has a version to compare and
set, what it checks, how its audit note reads. The rest is one path: the item held open (its
lock orders the decisions on it), the target's checks, the stale-decision check, the decision
row, the item's count of what remains before approval (service/review/gate.py), and the audit
event (`flag.accept`, `claim.confirm`, ...) on the target, bound to the decision it replaces
and to the new one (service/review/integrity.py checks the store against both).
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from schemas.review import ClaimDecision, ContradictionDecision, Decision
from service.review import repository
from service.review.context import Actor
from service.review.duplicates import check_original
from service.review.errors import ItemNotFound, StaleDecision
from service.review.gate import refresh_undecided
from service.review.integrity import DecisionRow, decision_action, decision_state, decision_target
from service.review.priors import enter_decided_claim
from service.review.transitions import hold_open
from service.store.audit import AuditEvent, append_audit
from service.store.models import (
    ClaimDecisionRow,
    ContradictionDecisionRow,
    FlagDecision,
    FlagRow,
    ReviewItem,
)

_DETAIL_CHARS = 500
AnyDecision = Decision | ClaimDecision | ContradictionDecision


class DecisionTarget(ABC):
    """What an editor decides on: what differs between a flag and a claim."""

    @abstractmethod
    def reserve(self, session: Session) -> None:
        """Take the target for this decision, or raise StaleDecision."""

    @abstractmethod
    def decisions(self, session: Session) -> list[DecisionRow]:
        """The decisions taken on this target so far, oldest first."""

    @abstractmethod
    def new_row(self, decision: AnyDecision, note: str, by: str) -> DecisionRow:
        """The row this decision is stored as."""

    def check(self, session: Session, decision: AnyDecision) -> None:
        """Refuse a decision this target cannot take (under the item's lock); most take any."""
        return None

    def detail(self, decision: AnyDecision, note: str) -> str:
        return note

    def carried_claim(self, decision: AnyDecision) -> str | None:
        """The claim this decision is on, when other items' matching claims carry it."""
        return None


def record_decision(
    session: Session,
    item: ReviewItem,
    target: DecisionTarget,
    decision: AnyDecision,
    note: str,
    actor: Actor,
) -> None:
    """Store a decision on an item's flag, claim or contradiction, with its audit event, in
    the caller's transaction (the item is editable: the caller checked)."""
    hold_open(session, item, actor)
    target.check(session, decision)
    target.reserve(session)
    earlier = target.decisions(session)
    row = target.new_row(decision, note, actor.name)
    session.add(row)
    session.flush()
    refresh_undecided(session, item)
    carried = target.carried_claim(decision)
    if carried is not None:  # other items see it now, provisional until this one is approved
        enter_decided_claim(session, item.id, carried)
    append_audit(
        session,
        AuditEvent(
            actor.name,
            decision_action(row),
            decision_target(row),
            decision_state(earlier[-1]) if earlier else None,
            decision_state(row),
            actor.request_id,
            target.detail(decision, note)[:_DETAIL_CHARS],
        ),
    )


@dataclass(frozen=True)
class FlagTarget(DecisionTarget):
    """A flag: versioned, so a decision is stored only at the version the editor saw (else 409)."""

    flag: FlagRow
    expected_version: int
    duplicate_of: int | None = None
    """For `duplicate`: the flag it repeats (checked in `check`, under the item's lock)."""

    @classmethod
    def find(
        cls,
        session: Session,
        item_id: str,
        flag_id: int,
        expected_version: int | None,
        duplicate_of: int | None = None,
    ) -> "FlagTarget":
        flag = repository.load_flag(session, item_id, flag_id)
        # Read before taking the item's lock: of two requests that both saw version v, the
        # one that waited for the lock then finds v + 1 and gets 409 instead of overwriting.
        version = flag.version if expected_version is None else expected_version
        return cls(flag, version, duplicate_of)

    def check(self, session: Session, decision: AnyDecision) -> None:
        if decision != "duplicate" or self.duplicate_of is None:
            return
        rows = repository.decisions_of(session, FlagDecision, self.flag.item_id)
        newest = {row.flag_id: row for row in rows}
        check_original(self.flag, session.get(FlagRow, self.duplicate_of), newest)

    def decisions(self, session: Session) -> list[DecisionRow]:
        rows = repository.decisions_of(session, FlagDecision, self.flag.item_id)
        return [row for row in rows if row.flag_id == self.flag.id]

    def new_row(self, decision: AnyDecision, note: str, by: str) -> DecisionRow:
        return FlagDecision(
            flag_id=self.flag.id,
            item_id=self.flag.item_id,
            decision=decision,
            note=note,
            decided_by=by,
            duplicate_of=self.duplicate_of if decision == "duplicate" else None,
        )

    def reserve(self, session: Session) -> None:
        """Compare-and-set on the flag's version: one decision per version, the rest get 409."""
        flag, expected = self.flag, self.expected_version
        claimed = cast(
            CursorResult[Any],
            session.execute(
                update(FlagRow)
                .where(FlagRow.id == flag.id, FlagRow.version == expected)
                .values(version=FlagRow.version + 1)
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        if claimed != 1:
            session.refresh(flag)
            raise StaleDecision(
                f"flag {flag.id} was decided by someone else meanwhile (it is at version "
                f"{flag.version}, you expected {expected}): reload the item and decide again"
            )
        flag.version = expected + 1

    def carried_claim(self, decision: AnyDecision) -> str | None:
        # A duplicate repeats another flag, whose own decision is the one that carries.
        return self.flag.claim_id if decision in ("accept", "reject") else None

    def detail(self, decision: AnyDecision, note: str) -> str:
        if decision != "duplicate":
            return f"{self.flag.type}: {note}"
        flag = self.flag
        said = f"“{flag.text}” ({flag.type}) is a duplicate of flag {self.duplicate_of}"
        return f"{said}: {note}" if note else said


@dataclass(frozen=True)
class ClaimTarget(DecisionTarget):
    """A claim of the item's report: unversioned, its newest decision counts."""

    item_id: str
    claim_id: str

    @classmethod
    def find(cls, session: Session, item_id: str, claim_id: str) -> "ClaimTarget":
        report = repository.latest_analysis(session, item_id, "verify")
        if report is None or claim_id not in {claim["id"] for claim in report["claims"]}:
            raise ItemNotFound(
                f"item {item_id} has no claim {claim_id!r}; GET the item for its claims' ids"
            )
        return cls(item_id, claim_id)

    def reserve(self, session: Session) -> None:
        """Nothing to take: a claim has no version, the item's lock orders its decisions."""

    def decisions(self, session: Session) -> list[DecisionRow]:
        rows = repository.decisions_of(session, ClaimDecisionRow, self.item_id)
        return [row for row in rows if row.claim_id == self.claim_id]

    def carried_claim(self, decision: AnyDecision) -> str | None:
        return self.claim_id if decision == "confirm" else None

    def new_row(self, decision: AnyDecision, note: str, by: str) -> DecisionRow:
        return ClaimDecisionRow(
            item_id=self.item_id,
            claim_id=self.claim_id,
            decision=decision,
            note=note,
            decided_by=by,
        )


@dataclass(frozen=True)
class ContradictionTarget(DecisionTarget):
    """A contradiction of the item's report: unversioned, its newest decision counts."""

    item_id: str
    contradiction: dict[str, Any]
    """As stored in the report: `id`, `type`, `claims`, `explanation`."""

    @classmethod
    def find(cls, session: Session, item_id: str, contradiction_id: str) -> "ContradictionTarget":
        report = repository.latest_analysis(session, item_id, "verify")
        found = [x for x in (report or {}).get("contradictions", []) if x["id"] == contradiction_id]
        if not found:
            raise ItemNotFound(
                f"item {item_id} has no contradiction {contradiction_id!r}; GET the item for "
                "its report's contradictions"
            )
        return cls(item_id, found[0])

    def reserve(self, session: Session) -> None:
        """Nothing to take: the item's lock orders a contradiction's decisions."""

    def decisions(self, session: Session) -> list[DecisionRow]:
        rows = repository.decisions_of(session, ContradictionDecisionRow, self.item_id)
        return [row for row in rows if row.contradiction_id == self.contradiction["id"]]

    def new_row(self, decision: AnyDecision, note: str, by: str) -> DecisionRow:
        return ContradictionDecisionRow(
            item_id=self.item_id,
            contradiction_id=self.contradiction["id"],
            decision=decision,
            note=note,
            decided_by=by,
        )

    def detail(self, decision: AnyDecision, note: str) -> str:
        x = self.contradiction
        verdict = "upheld" if decision == "accept" else "dismissed"
        said = (
            f"contradiction {x['id']} ({x['type']}, claims {' and '.join(x['claims'])}) {verdict}"
        )
        return f"{said}: {note}" if note else said
