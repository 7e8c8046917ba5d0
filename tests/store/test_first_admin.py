"""The first admin key: created and printed once on a fresh store, SQLite and PostgreSQL alike."""

import io
import threading

from service.auth.bootstrap import FIRST_ADMIN, ensure_first_admin
from service.auth.keys import create_key, find_key, list_keys
from service.store import Database

URL = "http://127.0.0.1:8123/desk/"


def test_a_fresh_store_gets_an_admin_key_printed_once(database: Database) -> None:
    out = io.StringIO()
    assert ensure_first_admin(database, URL, out)
    assert not ensure_first_admin(database, URL, out)
    printed = out.getvalue()
    raw = printed.split("keep it):\n  ", 1)[1].split("\n", 1)[0]
    assert printed.count("created the first admin key") == 1 and URL in printed
    with database.session() as session:
        key = find_key(session, raw)
        assert key is not None and key.role == "admin"


def test_a_store_with_a_key_gets_none(database: Database) -> None:
    with database.session() as session:
        create_key(session, "alice", "admin")
    out = io.StringIO()
    assert not ensure_first_admin(database, URL, out)
    assert out.getvalue() == ""


def test_replicas_starting_together_print_one_key(database: Database) -> None:
    """Each replica has its own engine; all find no keys, one insert wins."""
    replicas = [Database(database.url, database.audit) for _ in range(4)]
    outs = [io.StringIO() for _ in replicas]
    start = threading.Barrier(len(replicas))
    created: list[bool] = []

    def boot(replica: Database, out: io.StringIO) -> None:
        start.wait()
        created.append(ensure_first_admin(replica, URL, out))

    threads = [
        threading.Thread(target=boot, args=pair) for pair in zip(replicas, outs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for replica in replicas:
        replica.close()
    assert sorted(created) == [False, False, False, True]
    assert sum("created the first admin key" in out.getvalue() for out in outs) == 1
    with database.session() as session:
        assert [key.name for key in list_keys(session)] == [FIRST_ADMIN]
