"""The append-only audit trail, chained by hash so an edited or deleted row is detectable."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.store.models import AuditEntry, AuditHead

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    actor: str
    action: str
    target: str
    before: Any = None
    after: Any = None
    request_id: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class AuditBreak:
    seq: int
    reason: str


def digest(state: Any) -> str | None:
    """SHA-256 of a state's canonical JSON; None stands for "nothing" (created or deleted)."""
    if state is None:
        return None
    canonical = json.dumps(state, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    fields = [
        entry.seq,
        _utc(entry.at).isoformat(),
        entry.actor,
        entry.action,
        entry.target,
        entry.before_digest,
        entry.after_digest,
        entry.request_id,
        entry.detail,
        entry.prev_hash,
    ]
    return hashlib.sha256(json.dumps(fields).encode()).hexdigest()


def append_audit(session: Session, event: AuditEvent) -> AuditEntry:
    """Append one row. The head row's UPDATE locks out concurrent appenders until commit."""
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    head = session.execute(select(AuditHead.seq, AuditHead.last_hash)).one()
    entry = AuditEntry(
        seq=head.seq,
        at=datetime.now(UTC).replace(microsecond=0),
        actor=event.actor,
        action=event.action,
        target=event.target,
        before_digest=digest(event.before),
        after_digest=digest(event.after),
        request_id=event.request_id,
        detail=event.detail,
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=entry.hash))
    return entry


def verify_chain(session: Session) -> list[AuditBreak]:
    """Every place the chain does not hold; an empty list means it is intact."""
    breaks: list[AuditBreak] = []
    previous, expected_seq = GENESIS, 1
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        breaks += _check_entry(entry, previous, expected_seq)
        previous, expected_seq = entry.hash, entry.seq + 1
    head = session.execute(select(AuditHead.seq, AuditHead.last_hash)).one()
    if (head.seq, head.last_hash) != (expected_seq - 1, previous):
        breaks.append(AuditBreak(head.seq, "the newest rows are missing (head does not match)"))
    return breaks


def _check_entry(entry: AuditEntry, previous: str, expected_seq: int) -> list[AuditBreak]:
    if entry.seq != expected_seq:
        return [AuditBreak(entry.seq, f"row {expected_seq} is missing")]
    if entry.prev_hash != previous:
        return [AuditBreak(entry.seq, "prev_hash does not match the previous row's hash")]
    if entry_hash(entry) != entry.hash:
        return [AuditBreak(entry.seq, "the row's content does not match its hash")]
    return []


def _utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; the hash is always over the UTC instant."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
