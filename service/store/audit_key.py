"""The audit trail's secret: an HMAC key kept outside the database it protects.

Someone who can write the database can rewrite rows and recompute plain SHA-256 hashes; without
this key they cannot recompute keyed ones. The key comes from `DESKCHECK_AUDIT_KEY`, else from
`<data_dir>/audit.key`, created (mode 0600) on first use. Every replica writing one PostgreSQL
store must use the same key, so set `DESKCHECK_AUDIT_KEY` there (or share the file).
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from service.config import Settings

KEY_FILE = "audit.key"
ANCHOR_FILE = "audit-anchor.json"


@dataclass(frozen=True)
class AuditSecrets:
    """What appending and verifying need from outside the database.

    `key` None: no key is available (verify reports keyed rows as unverifiable; appends
    refuse). `anchor_file` None: no automatic anchor is kept.
    """

    key: bytes | None
    anchor_file: Path | None = None


def audit_secrets(settings: Settings, *, create: bool) -> AuditSecrets:
    """The configured key (created on first use when `create`) and the automatic anchor file."""
    return AuditSecrets(
        key=audit_key(settings, create=create),
        anchor_file=Path(settings.data_dir) / ANCHOR_FILE,
    )


def audit_key(settings: Settings, *, create: bool) -> bytes | None:
    if settings.audit_key is not None:
        return settings.audit_key.get_secret_value().encode()
    path = Path(settings.data_dir) / KEY_FILE
    if path.exists():
        return path.read_text().strip().encode()
    return _create_key_file(path) if create else None


def _create_key_file(path: Path) -> bytes:
    """A new random key, written with 0600 from the start (never world-readable, even briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text().strip().encode()
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key.encode()
