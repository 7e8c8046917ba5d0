"""The secret that signs desk session cookies: configured, or generated once beside the store."""

import os
import secrets
from pathlib import Path

from service.config import Settings

SECRET_FILE = "session-secret"  # noqa: S105 (a file name, not a secret)


def session_secret(settings: Settings) -> str:
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    return _kept_secret(Path(settings.data_dir) / SECRET_FILE)


def _kept_secret(path: Path) -> str:
    """Read the kept secret, or create it readable by its owner only.

    Outside the database on purpose: a copy of the store alone cannot forge cookies.
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker of the same process group wrote it first
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secret + "\n")
    return secret
