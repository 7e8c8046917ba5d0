"""The lease on an item's analysis, kept in our store.

The queue engine delivers jobs; it does not re-deliver a job whose worker was killed, and a job
may be delivered twice (a retry racing a sweep). So the store decides who may analyse an item:
a worker claims it with one conditional UPDATE (compare-and-set), renews the lease while it
works, and only the holder of the lease may write results. A sweep gives expired leases back
to the queue.
"""

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session

from schemas.review import IN_ANALYSIS, AnalysisState
from service.review.bindings import item_only
from service.review.context import Actor
from service.review.errors import InvalidTransition
from service.review.integrity import item_state
from service.review.repository import load_item
from service.review.transitions import record_state_change
from service.store import Database
from service.store.audit import AuditEvent, append_audit
from service.store.models import ReviewItem

SWEEPER = Actor("deskcheck-jobs", None)


class LeaseLost(Exception):
    """Another worker holds the item now (this one stalled past its lease): stop, write nothing."""


@dataclass(frozen=True)
class Lease:
    item_id: str
    holder: str
    seconds: float


def new_holder() -> str:
    """Names one claim: host and process for people, a random part so no two claims match."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


def now() -> datetime:
    return datetime.now(UTC)


def claim(db: Database, item_id: str, seconds: float) -> Lease | None:
    """Take a queued item for analysis; None when it is not queued (running, done or failed)."""
    lease = Lease(item_id, new_holder(), seconds)
    with db.session() as session:
        taken = session.execute(
            _update()
            .where(ReviewItem.id == item_id, ReviewItem.analysis_state == "queued")
            .values(
                analysis_state="reading",
                claimed_by=lease.holder,
                lease_until=now() + timedelta(seconds=seconds),
                error=None,
            )
        )
        return lease if _changed(taken) else None


def claim_all(session: Session, item_ids: list[str], holder: str, seconds: float) -> None:
    """Take every one of `item_ids` that is queued, under one holder, in one UPDATE (the same
    compare-and-set as `claim`): the caller reads which it got by `claimed_by`."""
    until = now() + timedelta(seconds=seconds)
    session.execute(_CLAIM_ALL, {"ids": item_ids, "holder": holder, "until": until})


def renew_all(db: Database, holder: str, seconds: float) -> None:
    """Renew every lease one claim holds (a group's items share a holder); LeaseLost when it
    holds none any more. Items it lost meanwhile are skipped when the results are written."""
    with db.session() as session:
        until = now() + timedelta(seconds=seconds)
        renewed: Any = session.execute(_RENEW_ALL, {"holder": holder, "until": until})
        if renewed.rowcount == 0:
            raise LeaseLost(f"{holder} no longer holds any item")


def end_lease(session: Session, item_id: str, holder: str, **values: Any) -> bool:
    """End one lease of `holder` inside the transaction that writes its results (setting
    `values`); False, writing nothing, when another worker holds the item now."""
    ended = session.execute(
        _update()
        .where(
            ReviewItem.id == item_id,
            ReviewItem.claimed_by == holder,
            ReviewItem.analysis_state.in_(IN_ANALYSIS),
        )
        .values(claimed_by=None, lease_until=None, **values)
    )
    return _changed(ended)


def end_leases(session: Session, item_ids: list[str], holder: str) -> set[str]:
    """End every lease `holder` still has among `item_ids`, in one UPDATE inside the
    transaction that writes their results (the same compare-and-set as `end_lease`); the ids
    it ended. The items' new columns are the caller's to set, in the same transaction."""
    return set(session.scalars(_END_LEASES, {"ids": item_ids, "holder": holder}))


def advance(db: Database, lease: Lease, state: AnalysisState) -> None:
    """Record progress (and renew the lease); LeaseLost if this worker no longer holds it."""
    with db.session() as session:
        _holding(session, lease, analysis_state=state)


def renew(db: Database, lease: Lease) -> None:
    with db.session() as session:
        _holding(session, lease)


def release(session: Session, lease: Lease, state: AnalysisState, **values: Any) -> ReviewItem:
    """End the lease inside the transaction that writes the results; LeaseLost rolls it back."""
    _holding(session, lease, analysis_state=state, claimed_by=None, lease_until=None, **values)
    item = load_item(session, lease.item_id)
    session.refresh(item)
    return item


def requeue_failed(db: Database, item_id: str, mode: str | None, actor: Actor) -> bool:
    """Put a failed item back in the queue; False when it is queued or running already (join).

    A done item is refused: its results are written once.
    """
    values: dict[str, Any] = {"analysis_state": "queued", "queued_at": now(), "error": None}
    if mode is not None:
        values["mode"] = mode
    with db.session() as session:
        item = load_item(session, item_id)
        before = item_state(item)
        moved = session.execute(
            _update()
            .where(ReviewItem.id == item_id, ReviewItem.analysis_state == "failed")
            .values(**values)
        )
        session.refresh(item)
        if _changed(moved):
            # The UPDATE moved it from failed, whatever `before` read a moment earlier.
            before["analysis"] = "failed"
            detail = f"mode {item.mode}"
            record_state_change(
                session, item, before, "analysis.retried", actor, detail, item_only(item)
            )
            return True
        if item.analysis_state == "done":
            raise InvalidTransition("the item is already analysed; nothing to retry")
        return False


def sweep(
    db: Database, max_attempts: int, queue_is_empty: bool, settle_s: float = 0.0
) -> list[str]:
    """Items to enqueue again: those whose worker's lease expired, and, when the broker holds
    no job at all, queued items nobody will pick up (their enqueue was lost with a process).

    An item queued less than `settle_s` ago is left alone: a batch stores its articles before
    it enqueues them, and an empty broker in between does not mean their jobs were lost.
    """
    with db.session() as session:
        expired = session.execute(
            select(ReviewItem.id, ReviewItem.claimed_by).where(
                ReviewItem.analysis_state.in_(IN_ANALYSIS), ReviewItem.lease_until < now()
            )
        ).all()
    stranded = _stranded(db, settle_s) if queue_is_empty else []  # before expired ones queue
    return stranded + [i for i, holder in expired if _reclaim(db, i, holder, max_attempts)]


def _reclaim(db: Database, item_id: str, holder: str | None, max_attempts: int) -> bool:
    """Take an expired lease back (compare-and-set on its holder, so one sweeper wins)."""
    with db.session() as session:
        item = load_item(session, item_id)
        attempts = item.attempts + 1
        gives_up = attempts >= max_attempts
        error = {
            "error": "worker_lost",
            "detail": f"{attempts} worker(s) stopped while analysing this item (last: {holder}); "
            "retry it, or submit it in fast mode",
        }
        moved = session.execute(
            _update()
            .where(
                ReviewItem.id == item_id,
                ReviewItem.claimed_by == holder,
                ReviewItem.lease_until < now(),
            )
            .values(
                analysis_state="failed" if gives_up else "queued",
                claimed_by=None,
                lease_until=None,
                queued_at=now(),
                attempts=attempts,
                error=error if gives_up else None,
            )
        )
        if not _changed(moved):
            return False
        if gives_up:
            before = item_state(item)
            session.refresh(item)
            record_state_change(session, item, before, "analysis.failed", SWEEPER, error["detail"])
            return False
        append_audit(
            session,
            AuditEvent(
                SWEEPER.name,
                "analysis.requeued",
                f"item:{item_id}",
                None,
                None,
                None,
                f"lease expired (held by {holder})",
            ),
        )
        return True


def _stranded(db: Database, settle_s: float) -> list[str]:
    settled = now() - timedelta(seconds=settle_s)
    with db.session() as session:
        ids = list(
            session.scalars(
                select(ReviewItem.id).where(
                    ReviewItem.analysis_state == "queued",
                    or_(ReviewItem.queued_at.is_(None), ReviewItem.queued_at <= settled),
                )
            )
        )
        if ids:
            session.execute(
                _update()
                .where(ReviewItem.id.in_(ids), ReviewItem.analysis_state == "queued")
                .values(queued_at=now())
            )
        return ids


def _holding(session: Session, lease: Lease, **values: Any) -> None:
    renewed = now() + timedelta(seconds=lease.seconds)
    held = session.execute(
        _update()
        .where(
            ReviewItem.id == lease.item_id,
            ReviewItem.claimed_by == lease.holder,
            ReviewItem.analysis_state.in_(IN_ANALYSIS),
        )
        .values(**({"lease_until": renewed} | values))
    )
    if not _changed(held):
        raise LeaseLost(f"item {lease.item_id} is no longer held by {lease.holder}")


_ITEMS: Table = ReviewItem.__table__  # type: ignore[assignment]  # a declared class's Table
# The group job's statements, built once and on the table (plain Core: no ORM compile step on
# each run); the same SQL as `_update()`'s, which the ORM would have run unsynchronised anyway.
_CLAIM_ALL = (
    update(_ITEMS)
    .where(
        _ITEMS.c.id.in_(bindparam("ids", expanding=True)),
        _ITEMS.c.analysis_state == "queued",
    )
    .values(
        analysis_state="reading",
        claimed_by=bindparam("holder"),
        lease_until=bindparam("until"),
        error=None,
    )
)
_HELD_BY = (_ITEMS.c.claimed_by == bindparam("holder"), _ITEMS.c.analysis_state.in_(IN_ANALYSIS))
_RENEW_ALL = update(_ITEMS).where(*_HELD_BY).values(lease_until=bindparam("until"))
_END_LEASES = (
    update(_ITEMS)
    .where(_ITEMS.c.id.in_(bindparam("ids", expanding=True)), *_HELD_BY)
    .values(claimed_by=None, lease_until=None)
    .returning(_ITEMS.c.id)
)


def _update() -> Any:
    """Updates decided in the database: the lease columns are compared there, not in Python
    (SQLite hands back naive datetimes), and loaded rows are refreshed where they matter."""
    return update(ReviewItem).execution_options(synchronize_session=False)


def _changed(result: Any) -> bool:
    rows: int = result.rowcount
    return rows == 1
