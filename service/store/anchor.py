"""Head anchors: the chain's newest (seq, hash), signed, kept outside the database.

A keyed hash stops rewriting, but not truncation: deleting the newest rows and rolling the head
back leaves a shorter chain that is consistent in itself. An anchor remembers how far the chain
reached, so `deskcheck audit verify` can tell that it once went further.
"""

import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.models import AuditEntry, AuditHead

_WRITING = threading.Lock()
RECORD = 512
"""Bytes of an anchor file: the JSON, padded with spaces (one disk sector)."""
log = logging.getLogger(__name__)


class AnchorError(ValueError):
    """The anchor file is unreadable, malformed, or its signature does not match the key."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    mac: str


def current_anchor(session: Session, key: bytes) -> Anchor:
    head = session.execute(select(AuditHead.seq, AuditHead.last_hash)).one()
    return sign(key, head.seq, head.last_hash)


def sign(key: bytes, seq: int, head_hash: str, at: datetime | None = None) -> Anchor:
    moment = (at or datetime.now(UTC)).replace(microsecond=0).isoformat()
    return Anchor(seq, head_hash, moment, _mac(key, seq, head_hash, moment))


def advance(path: Path, session: Session, head: Anchor) -> None:
    """Move the automatic anchor to `head`, unless the chain no longer reaches the one kept.

    Never backwards (appends can commit out of order); and never past a break: if rows were
    truncated and new ones appended since, overwriting the anchor would erase the evidence.
    """
    with _WRITING:
        kept = _read_quietly(path)
        if kept is not None and kept.seq >= head.seq:
            return
        if kept is not None and (why := missed_by(session, kept)) is not None:
            log.error("audit anchor %s kept as evidence: %s; run deskcheck audit verify", path, why)
            return
        _overwrite(path, to_json(head))


def _overwrite(path: Path, text: str) -> None:
    """Write one fixed-size record over the old one, in place.

    Not rename-over: on ext4 replacing a file by rename (or truncating it) forces its data to
    disk, which measured 15 ms per append on a loaded machine. One write of RECORD bytes at
    offset 0 stays inside one disk sector, so a crash leaves the old record or the new one.
    """
    record = text.ljust(RECORD).encode()
    if len(record) != RECORD:
        raise ValueError(f"an anchor record is at most {RECORD} bytes")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(descriptor, record, 0)
    finally:
        os.close(descriptor)


def to_json(anchor: Anchor) -> str:
    return json.dumps(asdict(anchor)) + "\n"


def load(path: Path, key: bytes) -> Anchor:
    try:
        anchor = _parse(path.read_text())
    except OSError as error:
        raise AnchorError(f"cannot read the anchor {path}: {error.strerror}") from error
    expected = _mac(key, anchor.seq, anchor.hash, anchor.at)
    if not hmac.compare_digest(expected, anchor.mac):
        raise AnchorError(f"the anchor {path} is not signed with this audit key (edited?)")
    return anchor


def missed_by(session: Session, anchor: Anchor) -> str | None:
    """Why the chain in the store does not reach the anchor, or None when it does."""
    row_hash = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == anchor.seq))
    if anchor.seq == 0:
        return None
    if row_hash is None:
        return (
            f"the anchor of {anchor.at} says the chain reached row {anchor.seq}, which is "
            "missing: the newest rows were deleted"
        )
    if row_hash != anchor.hash:
        return f"row {anchor.seq} is not the row the anchor of {anchor.at} recorded: rewritten"
    return None


def _mac(key: bytes, seq: int, head_hash: str, at: str) -> str:
    message = json.dumps(["deskcheck-audit-anchor", seq, head_hash, at]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _read_quietly(path: Path) -> Anchor | None:
    try:
        return _parse(path.read_text())
    except (OSError, AnchorError):
        return None


def _parse(text: str) -> Anchor:
    try:
        raw = json.loads(text)
        return Anchor(int(raw["seq"]), str(raw["hash"]), str(raw["at"]), str(raw["mac"]))
    except (ValueError, KeyError, TypeError) as error:
        raise AnchorError(f"not an audit anchor ({error})") from error
