"""The audit trail's costs on SQLite: one append per unit of work, with and without the
automatic anchor file, and `verify` over the whole chain.

Each append is its own committed unit of work (as in the desk: one per request), so the
figure includes the commit. Prints the median and p99 per append, and rows/s for verify.

Run: `python bench/audit_bench.py [--appends 2000]`.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from service.review.integrity import verify_review_state
from service.store import Database, append_audit, verify_chain
from service.store.audit import AuditEvent
from service.store.audit_key import AuditSecrets

KEY = b"benchmark audit key, 32 bytes or more"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=2000)
    args = parser.parse_args()
    for label, anchored in (("keyed, no anchor file", False), ("keyed + anchor file", True)):
        with tempfile.TemporaryDirectory() as data_dir:
            db = _store(Path(data_dir), anchored)
            times = _appends(db, args.appends)
            print(
                f"append ({label}): median {statistics.median(times) * 1e3:.3f} ms, "
                f"p99 {_p99(times) * 1e3:.3f} ms over {args.appends} commits"
            )
            _verify(db)
            db.close()
    return 0


def _store(data_dir: Path, anchored: bool) -> Database:
    anchor_file = data_dir / "audit-anchor.json" if anchored else None
    db = Database(f"sqlite:///{data_dir / 'bench.sqlite3'}", AuditSecrets(KEY, anchor_file))
    db.migrate()
    return db


def _appends(db: Database, count: int) -> list[float]:
    times = []
    for n in range(count):
        started = time.perf_counter()
        with db.session() as session:
            append_audit(session, AuditEvent("bench", "test", f"item:{n}", None, {"n": n}))
        times.append(time.perf_counter() - started)
    return times


def _verify(db: Database) -> None:
    started = time.perf_counter()
    with db.session() as session:
        assert verify_chain(session) == [] and verify_review_state(session) == []
    elapsed = time.perf_counter() - started
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT count(*) FROM audit_entries").scalar()
    print(f"verify: {rows} rows in {elapsed * 1e3:.0f} ms")


def _p99(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.99) - 1]


if __name__ == "__main__":
    raise SystemExit(main())
