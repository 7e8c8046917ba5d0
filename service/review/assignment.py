"""Giving items to editors: one, or many at once from the queue, with a note; taking them back.

An item goes to a person or a key that can decide it (an active editor or admin, by the name
the audit trail knows them by), and only while it is open: an approved or returned item has
nobody left to work on it. Each change is an `item.assigned` (or `item.unassigned`) event in the
audit chain, naming who gave it to whom and the note.
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.review import webhooks
from service.review.context import Actor
from service.review.errors import BadAssignee, InvalidTransition
from service.review.repository import load_item
from service.review.transitions import OPEN
from service.store.audit import AuditEvent, append_audit
from service.store.models import Account, ApiKey, ReviewItem, utcnow

ASSIGNABLE_ROLES = ("editor", "admin")


def assignable_names(session: Session) -> list[str]:
    """Everyone an item may be given to: active accounts, then live keys, of editors and admins."""
    people = session.scalars(
        select(Account.name)
        .where(Account.role.in_(ASSIGNABLE_ROLES), Account.disabled_at.is_(None))
        .order_by(Account.name)
    )
    keys = session.scalars(
        select(ApiKey.name)
        .where(ApiKey.role.in_(ASSIGNABLE_ROLES), ApiKey.revoked_at.is_(None))
        .order_by(ApiKey.name)
    )
    return [*people, *keys]


def assign_items(
    session: Session, item_ids: Iterable[str], assignee: str | None, note: str, actor: Actor
) -> list[ReviewItem]:
    """Give every item to `assignee` (None: to nobody), or refuse them all: first for an item
    that does not exist (404) or is final (409), then for a name nobody can be given items by."""
    items = [_open_item(session, item_id) for item_id in dict.fromkeys(item_ids)]
    if assignee is not None and assignee not in assignable_names(session):
        raise BadAssignee(
            f"'{assignee}' is no active editor or admin: give items to a name listed on the "
            "desk's assign form (an account's user name or an API key's name)"
        )
    for item in items:
        _assign(session, item, assignee, note, actor)
    return items


def _open_item(session: Session, item_id: str) -> ReviewItem:
    item = load_item(session, item_id)
    if item.status not in OPEN:
        raise InvalidTransition(
            f"item {item_id} is {item.status}: only pending and in-review items are assigned"
        )
    return item


def _assign(
    session: Session, item: ReviewItem, assignee: str | None, note: str, actor: Actor
) -> None:
    before = item.assigned_to
    item.assigned_to = assignee
    item.assigned_by = actor.name if assignee else None
    item.assigned_at = utcnow() if assignee else None
    item.assignment_note = note if assignee else None
    said = f"to {assignee}" if assignee else "taken back"
    if before and before != assignee:
        said += f" (was {before})"
    append_audit(
        session,
        AuditEvent(
            actor.name,
            "item.assigned" if assignee else "item.unassigned",
            f"item:{item.id}",
            {"assigned_to": before},
            {"assigned_to": assignee},
            actor.request_id,
            f"{said}: {note}" if note else said,
        ),
    )
    if assignee:
        webhooks.item_event(
            session, "item.assigned", item, assigned_to=assignee, by=actor.name, note=note
        )
