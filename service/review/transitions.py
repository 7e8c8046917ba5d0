"""The review lifecycle: pending → in_review → approved | returned, guarded in the database.

Every move is a compare-and-set (`UPDATE ... WHERE status = <the status read>`), so of two
requests racing from one state exactly one wins and the other gets 409; and every change of
status or analysis state appends the item's new state to the audit chain.
"""

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from schemas.review import ReviewStatus
from service.review.context import Actor
from service.review.errors import InvalidTransition
from service.review.integrity import STATE_ACTIONS, item_state
from service.store.audit import AuditEvent, append_audit
from service.store.models import ReviewItem, utcnow

ALLOWED: dict[str, set[str]] = {
    "pending": {"in_review"},
    "in_review": {"approved", "returned"},
    "approved": set(),
    "returned": set(),
}
OPEN: tuple[ReviewStatus, ...] = ("pending", "in_review")

_HINTS = {
    ("pending", "approved"): "start the review first (decide a flag, edit the summary or POST "
    ".../start)",
    ("pending", "returned"): "start the review first (POST .../start)",
}
_EDITOR_HINT = "start the review first: press Start review, decide a flag or edit the summary"
"""The same hint on the desk, where editors press buttons rather than call endpoints."""


def check(current: str, target: str) -> None:
    if target in ALLOWED[current]:
        return
    general = (
        f"{current} items are final"
        if not ALLOWED[current]
        else f"from {current} it can only go to {', '.join(sorted(ALLOWED[current]))}"
    )
    hint = _HINTS.get((current, target))
    refused = f"the item is {current} and cannot become {target}"
    raise InvalidTransition(
        f"{refused}: {hint or general}",
        for_editors=f"{refused}: {_EDITOR_HINT if hint else general}",
    )


def transition(
    session: Session, item: ReviewItem, target: str, actor: Actor, note: str = ""
) -> None:
    """Move the item, refusing if another request moved it first (compare-and-set)."""
    before = move(session, item, target)
    record_state_change(session, item, before, f"item.{target}", actor, note)


def move(session: Session, item: ReviewItem, target: str) -> dict[str, str]:
    """The compare-and-set alone, which also locks the item's row until commit; the state
    before it. The caller appends the state change (record_state_change) in the same
    transaction: between the two it may check what the lock now holds still (the approval
    gate does)."""
    current = item.status
    check(current, target)
    if not _compare_and_set(session, item, current, target):
        raise InvalidTransition(
            f"the item changed while you were working (was {current}); reload it"
        )
    before = item_state(item)
    item.status = cast(ReviewStatus, target)
    return before


def hold_open(session: Session, item: ReviewItem, actor: Actor) -> None:
    """Lock an item for an edit until commit: a pending one enters review first.

    The lock is a conditional UPDATE of the item's row, so an approve or return racing with the
    edit either commits first (and the edit gets 409) or waits for the edit to commit.
    """
    if item.status == "pending" and _compare_and_set(session, item, "pending", "in_review"):
        before = item_state(item)
        item.status = "in_review"
        record_state_change(session, item, before, "item.in_review", actor)
        return
    held = _compare_and_set(session, item, "in_review", "in_review")
    if not held or item.status != "in_review":  # what we read is stale: show the stored row
        session.refresh(item)
    if not held:
        raise InvalidTransition(
            f"the item is {item.status}: decisions and edits are closed on final items"
        )


def record_state_change(
    session: Session,
    item: ReviewItem,
    before: dict[str, str] | None,
    action: str,
    actor: Actor,
    detail: str = "",
    binds: Mapping[str, Any] | None = None,
) -> None:
    """Append the item's new status and analysis state (checked by `deskcheck audit verify`),
    with the rows the change wrote (`binds`, see service/review/bindings.py)."""
    event = state_change(item.id, before, item_state(item), action, actor, detail, binds)
    append_audit(session, event)


def state_change(
    item_id: str,
    before: dict[str, str] | None,
    after: dict[str, str],
    action: str,
    actor: Actor,
    detail: str = "",
    binds: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """The audit event of an item's state change, for a caller appending several at once."""
    if action not in STATE_ACTIONS:
        raise ValueError(f"{action} is not a state action; add it to STATE_ACTIONS")
    return AuditEvent(
        actor.name, action, f"item:{item_id}", before, after, actor.request_id, detail[:500], binds
    )


def _compare_and_set(session: Session, item: ReviewItem, current: str, target: str) -> bool:
    moved = cast(
        CursorResult[Any],
        session.execute(
            update(ReviewItem)
            .where(ReviewItem.id == item.id, ReviewItem.status == current)
            .values(status=target, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    return moved == 1
