"""An editor's own flag: words of the article the detectors missed, flagged by hand.

The span is checked against the stored text, never taken on trust: in range, and not whitespace
alone; whitespace at either end is left out, so `text[start:end]` is the words themselves. The
flag is filed under the report's claim it overlaps most, stored with detector `editor`, recorded
in the audit chain (`flag.added`, with the words in its detail) and accepted at once: an editor
does not second-guess a flag they raised, and the item's decisions count it like any other.
"""

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from sqlalchemy.orm import Session

from schemas.review import OwnFlagRequest
from service.errors import DeskcheckError
from service.review import repository
from service.review.bindings import bound, flag_target
from service.review.bindings import flag_state as own_flag_state
from service.review.context import Actor
from service.review.decisions import FlagTarget, record_decision
from service.review.integrity import EDITOR_DETECTOR, OWN_FLAG_ACTION
from service.review.transitions import hold_open
from service.store.audit import AuditEvent, append_audit
from service.store.models import FlagRow, ReviewItem

NO_CLAIM = "none"
"""The claim id of words that lie in none of the report's claims."""
OWN_FLAG_NOTE = "the editor's own flag"
"""The note of the acceptance that comes with it."""
_DETAIL_CHARS = 500
_QUOTE_CHARS = 200


class BadSpan(DeskcheckError):
    """The offsets do not pick words out of the item's article."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "invalid_span"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def words_at(text: str, start: int, end: int) -> Span:
    """The words between two offsets of the article, without whitespace at either end."""
    if not 0 <= start < end <= len(text):
        raise BadSpan(
            f"start {start} and end {end} must satisfy 0 <= start < end <= {len(text)} (the "
            "article's length in characters); GET the item for its article's text",
            for_editors="the selection is not inside the article: select the words again",
        )
    picked = text[start:end]
    if not picked.strip():
        raise BadSpan(
            f"text[{start}:{end}] is whitespace only; a flag needs words",
            for_editors="the selection holds no words: select the words to flag",
        )
    lead = len(picked) - len(picked.lstrip())
    trail = len(picked) - len(picked.rstrip())
    return Span(start + lead, end - trail, picked.strip())


def claim_of(report: dict[str, Any] | None, span: Span) -> str:
    """The claim of the report the span overlaps most (the first such); NO_CLAIM if none."""
    best, most = NO_CLAIM, 0
    for claim in report["claims"] if report else []:
        overlap = min(span.end, claim["end"]) - max(span.start, claim["start"])
        if overlap > most:
            best, most = claim["id"], overlap
    return best


def record_own_flag(
    session: Session, item: ReviewItem, request: OwnFlagRequest, actor: Actor
) -> FlagRow:
    """Store the flag, its `flag.added` event and its acceptance, in the caller's transaction
    (the item is editable: the caller checked)."""
    span = words_at(item.article.text, request.start, request.end)
    hold_open(session, item, actor)
    flag = FlagRow(
        item_id=item.id,
        claim_id=claim_of(repository.latest_analysis(session, item.id, "verify"), span),
        type=request.type,
        detector=EDITOR_DETECTOR,
        start=span.start,
        end=span.end,
        text=span.text,
        detail=request.note,
    )
    session.add(flag)
    session.flush()
    append_audit(
        session,
        AuditEvent(
            actor.name,
            OWN_FLAG_ACTION,
            flag_target(item.id, flag.id),
            None,
            own_flag_state(flag),
            actor.request_id,
            _audit_detail(flag),
            bound(flag),
        ),
    )
    record_decision(session, item, FlagTarget(flag, flag.version), "accept", OWN_FLAG_NOTE, actor)
    return flag


def _audit_detail(flag: FlagRow) -> str:
    """The words flagged, where, as what and why: the trail reads without the store beside it."""
    quote = flag.text if len(flag.text) <= _QUOTE_CHARS else flag.text[: _QUOTE_CHARS - 1] + "…"
    words = f"{flag.type} on “{quote}” (characters {flag.start}–{flag.end}): {flag.detail}"
    return words[:_DETAIL_CHARS]
