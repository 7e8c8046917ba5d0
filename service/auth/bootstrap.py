"""A newcomer is never locked out: a store with no keys gets a first admin key, printed once."""

import sys
from collections.abc import Callable
from typing import TextIO

from service.auth.errors import DuplicateKeyName
from service.auth.keys import create_key, key_count
from service.store import Database

FIRST_ADMIN = "first-admin"


def ensure_first_admin(
    db: Database,
    url: str,
    out: TextIO | None = None,
    announce: Callable[[str], None] | None = None,
) -> bool:
    """On a store with no keys yet (SQLite or PostgreSQL), create an admin key and print it once
    (or hand it to `announce`, which shows it: `deskcheck serve`'s banner).

    Replicas starting together on one PostgreSQL store may all find no keys. The key's name is
    unique, so one insert commits, the others fail on the unique index (after waiting for it),
    and only the process whose insert committed prints a key. A store that has any key, revoked
    ones included, is not fresh: nothing is created.
    """
    try:
        with db.session() as session:
            if key_count(session):
                return False
            _, raw = create_key(session, FIRST_ADMIN, "admin")
    except DuplicateKeyName:
        return False  # another process created it a moment ago, and printed it
    if announce is not None:
        announce(raw)
        return True
    print(
        f"\ndeskcheck: created the first admin key (shown only now, keep it):\n  {raw}\n"
        f"Open {url} and log in with it; make more with `deskcheck keys create`.\n",
        file=out or sys.stderr,
        flush=True,
    )
    return True
