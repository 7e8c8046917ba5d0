"""The append-only audit trail, chained by keyed hash so an edited or deleted row is detectable.

Each row's hash covers its content and the previous row's hash. Rows written since migration
0004 use HMAC-SHA256 with a key kept outside the database (`hash_scheme` "hmac-sha256"), so
someone who can write the database cannot recompute them. Rows written before keep their plain
SHA-256 (`hash_scheme` "sha256") and still verify, but only as the chain's oldest part: a plain
row after a keyed one means the row was rewritten. Truncation of the newest rows is what the
head anchor (service.store.anchor) catches.

A row may also vouch for rows of other tables (`AuditEvent.binds`): each one's digest goes into
`audit_bindings`, and the digest of them all into the row's `binds_digest`, which its hash
covers. So a binding cannot be changed, added or dropped without breaking the row it belongs
to; whether the bound rows still are what was bound is for their owners to check
(service/review/bindings.py), from `newest_bindings`.
"""

import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Integer, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from service.store.anchor import Anchor, missed_by
from service.store.audit_key import AuditSecrets
from service.store.models import AuditBinding, AuditEntry, AuditHead

GENESIS = "0" * 64
PLAIN = "sha256"
KEYED = "hmac-sha256"
SECRETS = "audit_secrets"
"""Key of Session.info holding the AuditSecrets (set by service.store.db.Database)."""
APPENDED = "audit_appended"
"""Key of Session.info holding the (seq, hash) this unit of work appended last: the automatic
anchor moves there once it commits."""
_NEWEST = "audit_newest_bindings"
"""Key of Session.info holding the newest bindings verify_chain read (see _binding_breaks)."""
_NO_KEY = "no audit key: set DESKCHECK_AUDIT_KEY or restore <data_dir>/audit.key"


class AuditKeyMissing(RuntimeError):
    """Appending needs the audit key; the session was opened without one."""


@dataclass(frozen=True)
class AuditEvent:
    actor: str
    action: str
    target: str
    before: Any = None
    after: Any = None
    request_id: str | None = None
    detail: str = ""
    binds: Mapping[str, Any] | None = None
    """Rows this event vouches for, by target (`item:<id>`, ...): each one's state as stored,
    or None for a row it deleted."""


@dataclass(frozen=True)
class AuditBreak:
    seq: int
    reason: str


class Binding(NamedTuple):
    """The newest binding of a target: the row that made it, and the bound state's digest (a
    tuple: verify builds one per bound row, tens of thousands)."""

    seq: int
    digest: str | None


def digest(state: Any) -> str | None:
    """SHA-256 of a state's canonical JSON; None stands for "nothing" (created or deleted)."""
    if state is None:
        return None
    canonical = json.dumps(state, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def entry_hash(entry: AuditEntry, key: bytes | None) -> str:
    """The row's hash under its own scheme; a keyed row without a key raises AuditKeyMissing."""
    fields: list[Any] = [
        entry.seq,
        as_utc(entry.at).isoformat(),
        entry.actor,
        entry.action,
        entry.target,
        entry.before_digest,
        entry.after_digest,
        entry.request_id,
        entry.detail,
        entry.prev_hash,
    ]
    if entry.binds_digest is not None:  # only rows that bind: earlier hashes stay as they were
        fields.append(entry.binds_digest)
    if entry.hash_scheme == PLAIN:
        return hashlib.sha256(json.dumps(fields).encode()).hexdigest()
    if key is None:
        raise AuditKeyMissing(_NO_KEY)
    message = json.dumps([entry.hash_scheme, *fields]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def append_audit(session: Session, event: AuditEvent) -> AuditEntry:
    """Append one keyed row. The head row's UPDATE locks out concurrent appenders until commit."""
    key = secrets_of(session).key
    if key is None:
        raise AuditKeyMissing(_NO_KEY)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    head = session.execute(select(AuditHead.seq, AuditHead.last_hash)).one()
    entry, bindings = _chained(event, head.seq, head.last_hash, key)
    session.add(entry)
    session.add_all(
        AuditBinding(seq=entry.seq, target=target, digest=bound)
        for target, bound in bindings.items()
    )
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=entry.hash))
    session.info[APPENDED] = (entry.seq, entry.hash)
    session.info.pop(_NEWEST, None)
    return entry


def append_audits(session: Session, events: list[AuditEvent]) -> list[AuditEntry]:
    """Append several keyed rows, chained in order, with one move of the head and one INSERT
    per table: a worker writing a group of analyses appends one row per item, and paying the
    head's two UPDATEs, its read and an ORM flush per row cost more than the rows themselves.
    The rows are exactly those `append_audit` would write one by one."""
    if not events:
        return []
    key = secrets_of(session).key
    if key is None:
        raise AuditKeyMissing(_NO_KEY)
    session.execute(_MOVE_HEAD, {"appended": len(events)})
    head = session.execute(_HEAD).one()
    entries: list[AuditEntry] = []
    bound: list[dict[str, Any]] = []
    previous = head.last_hash
    for seq, event in enumerate(events, head.seq - len(events) + 1):
        entry, bindings = _chained(event, seq, previous, key)
        entries.append(entry)
        bound += [{"seq": seq, "target": t, "digest": d} for t, d in bindings.items()]
        previous = entry.hash
    session.execute(_INSERT_ENTRIES, [_columns(entry) for entry in entries])
    if bound:
        session.execute(_INSERT_BINDINGS, bound)
    session.execute(_SET_HEAD_HASH, {"head_hash": previous})
    session.info[APPENDED] = (entries[-1].seq, previous)
    session.info.pop(_NEWEST, None)
    return entries


def _table(kind: type[Any]) -> Table:
    table: Table = kind.__table__
    return table


# `append_audits`' statements, built once and on the tables: plain Core, the same SQL and
# values as the ORM statements (no ORM object is loaded or pending for them to synchronise).
_HEADS = _table(AuditHead)
_MOVE_HEAD = (
    update(_HEADS)
    .where(_HEADS.c.id == 1)
    .values(seq=_HEADS.c.seq + bindparam("appended", type_=Integer))
)
_HEAD = select(_HEADS.c.seq, _HEADS.c.last_hash)
_SET_HEAD_HASH = update(_HEADS).where(_HEADS.c.id == 1).values(last_hash=bindparam("head_hash"))
_INSERT_ENTRIES = insert(_table(AuditEntry))
_INSERT_BINDINGS = insert(_table(AuditBinding))


def _chained(
    event: AuditEvent, seq: int, prev_hash: str, key: bytes
) -> tuple[AuditEntry, dict[str, str | None]]:
    """The keyed row for `event` at `seq` after `prev_hash`, and its bindings' digests."""
    entry = AuditEntry(
        seq=seq,
        at=datetime.now(UTC).replace(microsecond=0),
        actor=event.actor,
        action=event.action,
        target=event.target,
        before_digest=digest(event.before),
        after_digest=digest(event.after),
        request_id=event.request_id,
        detail=event.detail,
        prev_hash=prev_hash,
        hash_scheme=KEYED,
    )
    bindings = {target: digest(state) for target, state in (event.binds or {}).items()}
    entry.binds_digest = digest(bindings) if bindings else None
    entry.hash = entry_hash(entry, key)
    return entry, bindings


def _columns(entry: AuditEntry) -> dict[str, Any]:
    return {column.key: getattr(entry, column.key) for column in AuditEntry.__table__.columns}


def secrets_of(session: Session) -> AuditSecrets:
    found = session.info.get(SECRETS)
    return found if isinstance(found, AuditSecrets) else AuditSecrets(key=None)


def verify_chain(session: Session, anchors: Iterable[Anchor] = ()) -> list[AuditBreak]:
    """Every place the chain does not hold (or falls short of an anchor); [] means intact."""
    key = secrets_of(session).key
    breaks: list[AuditBreak] = []
    previous, expected_seq, keyed_seen = GENESIS, 1, False
    binds: dict[int, str] = {}
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if key is None and entry.hash_scheme == KEYED:
            return [AuditBreak(entry.seq, f"rows from here on are keyed: {_NO_KEY}")]
        breaks += _check_entry(entry, previous, expected_seq, key, keyed_seen)
        previous, expected_seq = entry.hash, entry.seq + 1
        keyed_seen = keyed_seen or entry.hash_scheme == KEYED
        if entry.binds_digest is not None:
            binds[entry.seq] = entry.binds_digest
    breaks += _binding_breaks(session, binds)
    head = session.execute(select(AuditHead.seq, AuditHead.last_hash)).one()
    if (head.seq, head.last_hash) != (expected_seq - 1, previous):
        breaks.append(AuditBreak(head.seq, "the newest rows are missing (head does not match)"))
    for anchor in anchors:
        if (why := missed_by(session, anchor)) is not None:
            breaks.append(AuditBreak(anchor.seq, why))
    return breaks


def _check_entry(
    entry: AuditEntry, previous: str, expected_seq: int, key: bytes | None, keyed_seen: bool
) -> list[AuditBreak]:
    if entry.seq != expected_seq:
        return [AuditBreak(expected_seq, f"row {expected_seq} is missing (next: {entry.seq})")]
    if entry.prev_hash != previous:
        return [AuditBreak(entry.seq, "prev_hash does not match the previous row's hash")]
    if entry.hash_scheme not in (PLAIN, KEYED):
        return [AuditBreak(entry.seq, f"unknown hash scheme {entry.hash_scheme!r}")]
    if entry.hash_scheme == PLAIN and keyed_seen:
        return [AuditBreak(entry.seq, "a plain-hashed row after keyed rows: rewritten")]
    if entry.hash_scheme == PLAIN and entry.binds_digest is not None:
        return [AuditBreak(entry.seq, "a plain-hashed row that binds rows: rewritten")]
    if not hmac.compare_digest(entry_hash(entry, key), entry.hash):
        return [AuditBreak(entry.seq, "the row's content does not match its hash")]
    return []


def _binding_breaks(session: Session, recorded: Mapping[int, str]) -> list[AuditBreak]:
    """Each row's bindings against the digest its hash covers: none added, changed or lost.

    The newest binding of each target, read on the way, is kept for `newest_bindings` (the
    check that usually follows in the same session): reading 30,000 bindings twice cost more
    than a tenth of `audit verify` on 1,000 items."""
    stored: dict[int, dict[str, str | None]] = defaultdict(dict)
    newest: dict[str, Binding] = {}
    for seq, target, bound in session.execute(
        select(AuditBinding.seq, AuditBinding.target, AuditBinding.digest).order_by(
            AuditBinding.seq
        )
    ):
        stored[seq][target] = bound
        newest[target] = Binding(seq, bound)
    session.info[_NEWEST] = newest
    return [
        AuditBreak(seq, "the rows bound to this row (audit_bindings) are not the ones it recorded")
        for seq in sorted(recorded.keys() | stored.keys())
        if recorded.get(seq) != digest(stored.get(seq) or None)
    ]


def newest_bindings(session: Session) -> dict[str, Binding]:
    """Every bound target's newest binding (a later event re-binding a row overrides)."""
    read: dict[str, Binding] | None = session.info.pop(_NEWEST, None)
    if read is not None:  # by verify_chain, in this session, with nothing appended since
        return read
    rows = session.execute(
        select(AuditBinding.target, AuditBinding.seq, AuditBinding.digest).order_by(
            AuditBinding.seq
        )
    )
    return {target: Binding(seq, bound) for target, seq, bound in rows}


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; the hash is always over the UTC instant."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
