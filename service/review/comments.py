"""An item's thread: comments on the item or on one of its claims, with mentions of editors.

A mention is `@name` where the name is one an item can be given to (an active editor's or
admin's account or key name, service/review/assignment.py): a comment names whoever it
mentions, and each named editor sees it among their mentions. Each comment is a `comment.added`
event in the audit chain, with its words (up to 300 characters) and whom it mentions.
"""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.review import CommentView
from service.review.assignment import assignable_names
from service.review.context import Actor
from service.review.errors import ItemNotFound
from service.review.repository import latest_analysis
from service.store.audit import AuditEvent, append_audit
from service.store.models import Comment, CommentMention, ReviewItem

# `@` then a name as service/auth/names.py allows it, not inside a word or an e-mail address.
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._@-]{0,63})")
_TRAILING = "._-@"
_DETAIL_CHARS = 300


def mentioned(text: str, names: set[str]) -> list[str]:
    """The names `text` mentions, in order, once each. A sentence's full stop or a dash after a
    name is not part of it ("thanks, @maria." mentions maria) unless the name has it."""
    found: list[str] = []
    for match in _MENTION.finditer(text):
        name = match.group(1)
        while name not in names and name and name[-1] in _TRAILING:
            name = name[:-1]
        if name in names and name not in found:
            found.append(name)
    return found


def add_comment(
    session: Session, item: ReviewItem, claim_id: str | None, text: str, actor: Actor
) -> Comment:
    if claim_id is not None and claim_id not in _claim_ids(session, item.id):
        raise ItemNotFound(
            f"item {item.id} has no claim {claim_id!r}; GET the item for its claims' ids"
        )
    comment = Comment(item_id=item.id, claim_id=claim_id, author=actor.name, text=text)
    session.add(comment)
    session.flush()
    names = mentioned(text, set(assignable_names(session)))
    session.add_all(CommentMention(comment_id=comment.id, name=name) for name in names)
    where = f" on claim {claim_id}" if claim_id else ""
    naming = f" (mentions {', '.join(names)})" if names else ""
    append_audit(
        session,
        AuditEvent(
            actor.name,
            "comment.added",
            f"item:{item.id}",
            None,
            {"comment": comment.id, "claim": claim_id, "text": text},
            actor.request_id,
            f"comment {comment.id}{where}{naming}: {text[:_DETAIL_CHARS]}",
        ),
    )
    return comment


def comments_of(session: Session, item_id: str) -> list[CommentView]:
    rows = session.scalars(select(Comment).where(Comment.item_id == item_id).order_by(Comment.id))
    return _views(session, list(rows))


def mentions_of(session: Session, name: str, limit: int) -> list[CommentView]:
    """The newest `limit` comments that mention `name`."""
    rows = session.scalars(
        select(Comment)
        .join(CommentMention, CommentMention.comment_id == Comment.id)
        .where(CommentMention.name == name)
        .order_by(Comment.id.desc())
        .limit(limit)
    )
    return _views(session, list(rows))


def _views(session: Session, rows: list[Comment]) -> list[CommentView]:
    if not rows:
        return []
    named: dict[int, list[str]] = {}
    mentions = session.execute(
        select(CommentMention.comment_id, CommentMention.name).where(
            CommentMention.comment_id.in_([row.id for row in rows])
        )
    )
    for comment_id, name in mentions:
        named.setdefault(comment_id, []).append(name)
    return [
        CommentView(
            id=row.id,
            item_id=row.item_id,
            claim_id=row.claim_id,
            author=row.author,
            text=row.text,
            created_at=row.created_at,
            mentions=sorted(named.get(row.id, [])),
        )
        for row in rows
    ]


def _claim_ids(session: Session, item_id: str) -> set[str]:
    report = latest_analysis(session, item_id, "verify")
    return {claim["id"] for claim in report["claims"]} if report else set()
