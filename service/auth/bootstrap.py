"""A newcomer is never locked out: the embedded default creates a first admin key."""

import sys
from typing import TextIO

from service.auth.keys import create_key, key_count
from service.store import Database


def ensure_first_admin(db: Database, url: str, out: TextIO | None = None) -> bool:
    """On an embedded (SQLite) store with no keys yet, create an admin key and print it once."""
    if not db.embedded:
        return False
    with db.session() as session:
        if key_count(session):
            return False
        _, raw = create_key(session, "first-admin", "admin")
    print(
        f"\ndeskcheck: created the first admin key (shown only now, keep it):\n  {raw}\n"
        f"Open {url} and log in with it; make more with `deskcheck keys create`.\n",
        file=out or sys.stderr,
        flush=True,
    )
    return True
