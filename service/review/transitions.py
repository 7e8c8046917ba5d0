"""The review lifecycle: pending → in_review → approved | returned, guarded in the database."""

from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from schemas.review import ReviewStatus
from service.review.context import Actor
from service.review.errors import InvalidTransition
from service.store.audit import AuditEvent, append_audit
from service.store.models import ReviewItem, utcnow

ALLOWED: dict[str, set[str]] = {
    "pending": {"in_review"},
    "in_review": {"approved", "returned"},
    "approved": set(),
    "returned": set(),
}

_HINTS = {
    ("pending", "approved"): "start the review first (decide a flag, edit the summary or POST "
    ".../start)",
    ("pending", "returned"): "start the review first (POST .../start)",
}


def check(current: str, target: str) -> None:
    if target in ALLOWED[current]:
        return
    hint = _HINTS.get((current, target)) or (
        f"{current} items are final"
        if not ALLOWED[current]
        else f"from {current} it can only go to {', '.join(sorted(ALLOWED[current]))}"
    )
    raise InvalidTransition(f"the item is {current} and cannot become {target}: {hint}")


def transition(
    session: Session, item: ReviewItem, target: str, actor: Actor, note: str = ""
) -> None:
    """Move the item, refusing if another request moved it first (compare-and-set)."""
    current = item.status
    check(current, target)
    moved = cast(
        CursorResult[Any],
        session.execute(
            update(ReviewItem)
            .where(ReviewItem.id == item.id, ReviewItem.status == current)
            .values(status=target, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if moved != 1:
        raise InvalidTransition(
            f"the item changed while you were working (was {current}); reload it"
        )
    item.status = cast(ReviewStatus, target)
    append_audit(
        session,
        AuditEvent(
            actor.name,
            f"item.{target}",
            f"item:{item.id}",
            {"status": current},
            {"status": target},
            actor.request_id,
            note,
        ),
    )
