"""The audit trail's secret: an HMAC key kept outside the database it protects.

Someone who can write the database can rewrite rows and recompute plain SHA-256 hashes; without
this key they cannot recompute keyed ones. The key comes from `DESKCHECK_AUDIT_KEY`, else from
`<data_dir>/audit.key`, created (mode 0600) on first use. Every replica writing one PostgreSQL
store must use the same key, so set `DESKCHECK_AUDIT_KEY` there (or share the file).
"""

import errno
import os
import secrets
import tempfile
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
    """A new random key, written with 0600 from the start (never world-readable, even briefly).

    Written whole to a private temporary file, then linked into place: the link either creates
    the complete file or fails because another process starting at the same moment created it
    first, and then that key is used. Never a half-written (empty) key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")  # mode 0600
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(key + "\n")
            file.flush()
            os.fsync(file.fileno())  # on disk before its name is: no empty key after a crash
        os.link(draft, path)
    except FileExistsError:
        return path.read_text().strip().encode()
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        return _create_key_file_exclusively(path, key)  # a file system without hard links
    finally:
        os.unlink(draft)
    return key.encode()


_NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV})


def _create_key_file_exclusively(path: Path, key: str) -> bytes:
    """Where links cannot be made: created exclusively, then written (a process starting at
    the very same moment could read it still empty)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip().encode()
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key.encode()
