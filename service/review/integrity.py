"""What the audit chain records of items and decisions, and the check that the store still agrees.

A keyed chain proves its own rows untouched, but the desk reads its tables, not the chain: an
UPDATE of `review_items.status` or of a `flag_decisions` row would change what editors see while
the chain stays intact. So every state change appends the digest of the new state, and
`deskcheck audit verify` recomputes those digests from the tables: an item's newest state event
must match its current status and analysis state, a flag's (or a claim's) decision events
must match its decision rows one for one, and a flag an editor added by hand (detector `editor`)
must be the flag its `flag.added` event recorded: no such row without its event, no event
without its row.

Only keyed events (since migration 0004) carry these digests; items whose newest state event is
older are not compared (their rows were never bound to the chain).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.review.bindings import flag_state as own_flag_state
from service.review.bindings import flag_target, verify_bindings
from service.review.gate import count_breaks
from service.store.audit import KEYED, AuditBreak, as_utc, digest
from service.store.models import (
    AuditEntry,
    ClaimDecisionRow,
    ContradictionDecisionRow,
    FlagDecision,
    FlagRow,
    ReviewItem,
)

STATE_ACTIONS = frozenset(
    {
        "item.submitted",
        "item.in_review",
        "item.approved",
        "item.returned",
        "analysis.completed",
        "analysis.failed",
        "analysis.retried",
    }
)
"""Actions whose `after` is the item's state (item_state): every change of status or analysis
state must append one of these, through transitions.record_state_change."""
DECISION_ACTIONS = (
    "flag.accept",
    "flag.reject",
    "flag.duplicate",
    "claim.confirm",
    "claim.withdraw",
    "contradiction.accept",
    "contradiction.reject",
)
EDITOR_DETECTOR = "editor"
"""The detector of a flag an editor raised by hand (service/review/own_flags.py)."""
OWN_FLAG_ACTION = "flag.added"
"""The event of such a flag; its `after` is the flag as stored (own_flag_state)."""


@dataclass(frozen=True)
class _Event:
    seq: int
    action: str
    target: str
    after_digest: str | None
    keyed: bool


def item_state(item: ReviewItem) -> dict[str, str]:
    """What the chain binds of an item: its status, its analysis, and an admin's override of
    the approval gate when there is one (absent otherwise, so earlier digests still match)."""
    return state_of(item.status, item.analysis_state, item.gate_override)


def state_of(status: str, analysis_state: str, gate_override: str | None) -> dict[str, str]:
    """`item_state` from the columns alone (a worker writing a group reads no ORM items)."""
    state = {"status": status, "analysis": analysis_phase(analysis_state)}
    if gate_override is not None:
        state["override"] = gate_override
    return state


def analysis_phase(state: str) -> str:
    """`done`, `failed`, or `pending` for every step of a job in the queue or in a worker.

    The steps (queued, reading, evidence_done, model_done, and back to queued when a lease
    expires) are a worker's bookkeeping, rewritten every few seconds by processes that take no
    editorial decision; chaining each would put an audit append, and its lock, in every step.
    What an editor relies on is whether the analysis finished, failed or is under way."""
    return state if state in ("done", "failed") else "pending"


DecisionRow = FlagDecision | ClaimDecisionRow | ContradictionDecisionRow
"""An editor's decision on a flag, a claim or a contradiction: one row each, recorded and
checked alike."""


def decision_action(row: DecisionRow) -> str:
    """`flag.accept`, `claim.confirm`, `contradiction.reject`, ... (DECISION_ACTIONS)."""
    kind, _, _ = _decided_on(row)
    return f"{kind}.{row.decision}"


def decision_target(row: DecisionRow) -> str:
    """Where a decision's events are filed: `item:<id>/flag:<flag id>` or `.../claim:<id>`."""
    kind, _, key = _decided_on(row)
    return f"item:{row.item_id}/{kind}:{key}"


def decision_state(row: DecisionRow) -> dict[str, str | int]:
    """What the audit chain binds of a decision (its digest): the row as stored."""
    _, column, key = _decided_on(row)
    state: dict[str, str | int] = {
        "id": row.id,
        "item_id": row.item_id,
        column: key,
        "decision": row.decision,
        "note": row.note,
        "decided_by": row.decided_by,
        "decided_at": as_utc(row.decided_at).isoformat(),
    }
    # Only on duplicates: the digests of decisions stored before duplicates existed still match.
    if isinstance(row, FlagDecision) and row.duplicate_of is not None:
        state["duplicate_of"] = row.duplicate_of
    return state


def _decided_on(row: DecisionRow) -> tuple[str, str, str | int]:
    """The kind of target a decision is on, the column naming it, and its key."""
    if isinstance(row, FlagDecision):
        return "flag", "flag_id", row.flag_id
    if isinstance(row, ContradictionDecisionRow):
        return "contradiction", "contradiction_id", row.contradiction_id
    return "claim", "claim_id", row.claim_id


def verify_review_state(session: Session) -> list[AuditBreak]:
    """Every item, decision or bound row whose stored state the audit chain does not vouch for."""
    events = _state_events(session)
    breaks = (
        _item_breaks(session, events)
        + _decision_breaks(session, events)
        + _own_flag_breaks(session, events)
    )
    breaks += count_breaks(session)  # the queue's undecided counts, against the rows
    return breaks + verify_bindings(session)  # the rows themselves: items, articles, flags, ...


def _state_events(session: Session) -> list[_Event]:
    rows = session.execute(
        select(
            AuditEntry.seq,
            AuditEntry.action,
            AuditEntry.target,
            AuditEntry.after_digest,
            AuditEntry.hash_scheme,
        )
        .where(
            or_(
                AuditEntry.action.in_(STATE_ACTIONS),
                AuditEntry.action.in_(DECISION_ACTIONS),
                AuditEntry.action == OWN_FLAG_ACTION,
            )
        )
        .order_by(AuditEntry.seq)
    )
    return [_Event(r.seq, r.action, r.target, r.after_digest, r.hash_scheme == KEYED) for r in rows]


def _item_breaks(session: Session, events: Iterable[_Event]) -> list[AuditBreak]:
    newest = {e.target: e for e in events if e.action in STATE_ACTIONS}
    breaks = []
    for item in session.scalars(select(ReviewItem).order_by(ReviewItem.created_at)):
        event = newest.get(f"item:{item.id}")
        if event is None or not event.keyed:
            continue
        if digest(item_state(item)) != event.after_digest:
            breaks.append(
                AuditBreak(
                    event.seq,
                    f"item {item.id} is {item.status} (analysis {item.analysis_state}), which "
                    "is not the state this row recorded: changed outside the desk",
                )
            )
    return breaks


def _decision_breaks(session: Session, events: Iterable[_Event]) -> list[AuditBreak]:
    logged: dict[str, list[_Event]] = defaultdict(list)
    for event in events:
        if event.action in DECISION_ACTIONS:
            logged[event.target].append(event)
    stored: dict[str, list[dict[str, str | int]]] = defaultdict(list)
    rows: list[DecisionRow] = [
        *session.scalars(select(FlagDecision).order_by(FlagDecision.id)),
        *session.scalars(select(ClaimDecisionRow).order_by(ClaimDecisionRow.id)),
        *session.scalars(select(ContradictionDecisionRow).order_by(ContradictionDecisionRow.id)),
    ]
    for row in rows:
        stored[decision_target(row)].append(decision_state(row))
    breaks = []
    for target in sorted(logged.keys() | stored.keys()):
        breaks += _decision_breaks_on(target, logged[target], stored[target])
    return breaks


def _decision_breaks_on(
    target: str, events: list[_Event], rows: list[dict[str, str | int]]
) -> list[AuditBreak]:
    """One flag's or one claim's stored decisions against the decision events logged for it."""
    if len(events) != len(rows):
        seq = events[-1].seq if events else 0
        return [
            AuditBreak(
                seq,
                f"{target} has {len(rows)} decision row(s) but {len(events)} decision event(s): "
                "decisions were added or deleted outside the desk",
            )
        ]
    return [
        AuditBreak(event.seq, f"the decision stored for {target} is not the one this row recorded")
        for event, row in zip(events, rows, strict=True)
        if event.keyed and digest(row) != event.after_digest
    ]


def _own_flag_breaks(session: Session, events: Iterable[_Event]) -> list[AuditBreak]:
    """Each flag added by hand against its `flag.added` event, both ways: a flag row rewritten,
    deleted, or made (or unmade) an editor's outside the desk no longer matches."""
    added = {e.target: e for e in events if e.action == OWN_FLAG_ACTION}
    stored = {
        flag_target(flag.item_id, flag.id): flag
        for flag in session.scalars(
            select(FlagRow).where(
                or_(FlagRow.detector == EDITOR_DETECTOR, FlagRow.id.in_(_flag_ids(added)))
            )
        )
    }
    breaks = []
    for target in sorted(added.keys() | stored.keys()):
        event, flag = added.get(target), stored.get(target)
        if (why := _own_flag_mismatch(event, flag)) is not None:
            breaks.append(AuditBreak(event.seq if event else 0, f"{target} {why}"))
    return breaks


def _own_flag_mismatch(event: _Event | None, flag: FlagRow | None) -> str | None:
    if event is None:
        return "is an editor's flag that no event records: added outside the desk"
    if flag is None:
        return "was added by an editor and is gone from the store: deleted outside the desk"
    if event.keyed and digest(own_flag_state(flag)) != event.after_digest:
        return "is not the flag its flag.added row recorded: changed outside the desk"
    return None


def _flag_ids(targets: Iterable[str]) -> list[int]:
    return [int(target.rsplit(":", 1)[1]) for target in targets]
