"""The audit trail's costs on SQLite: one append per unit of work, with and without the
automatic anchor file, and `verify` over the whole chain.

Each append is its own committed unit of work (as in the desk: one per request), so the figure
includes the commit. The two stores take turns append by append, so that load from other
processes falls on both alike. Prints the median and p90 per append, and verify's time.

Run: `python bench/audit_bench.py [--appends 1000]`.
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
    parser.add_argument("--appends", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as plain_dir, tempfile.TemporaryDirectory() as anchor_dir:
        stores = {
            "keyed, no anchor file": _store(Path(plain_dir), anchored=False),
            "keyed + anchor file": _store(Path(anchor_dir), anchored=True),
        }
        times: dict[str, list[float]] = {label: [] for label in stores}
        for n in range(args.appends):
            for label, db in stores.items():
                times[label].append(_append(db, n))
        for label, db in stores.items():
            print(
                f"append ({label}): median {statistics.median(times[label]) * 1e3:.2f} ms, "
                f"p90 {_p90(times[label]) * 1e3:.2f} ms over {args.appends} commits"
            )
            _verify(db, args.appends)
            db.close()
    return 0


def _store(data_dir: Path, anchored: bool) -> Database:
    anchor_file = data_dir / "audit-anchor.json" if anchored else None
    db = Database(f"sqlite:///{data_dir / 'bench.sqlite3'}", AuditSecrets(KEY, anchor_file))
    db.migrate()
    return db


def _append(db: Database, n: int) -> float:
    started = time.perf_counter()
    with db.session() as session:
        append_audit(session, AuditEvent("bench", "test", f"item:{n}", None, {"n": n}))
    return time.perf_counter() - started


def _verify(db: Database, rows: int) -> None:
    started = time.perf_counter()
    with db.session() as session:
        assert verify_chain(session) == [] and verify_review_state(session) == []
    print(f"verify: {rows} rows in {(time.perf_counter() - started) * 1e3:.0f} ms")


def _p90(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.9)]


if __name__ == "__main__":
    raise SystemExit(main())
