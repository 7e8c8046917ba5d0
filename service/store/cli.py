"""`deskcheck audit verify`: check the audit trail's hash chain; exit 1 on a break."""

import argparse
import sys

from sqlalchemy import func, select

from service.config import get_settings
from service.store.audit import verify_chain
from service.store.db import Database
from service.store.models import AuditEntry


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    audit = commands.add_parser("audit", help="the review audit trail")
    actions = audit.add_subparsers(required=True, metavar="ACTION")
    check = actions.add_parser("verify", help="check the hash chain; exit 1 if it is broken")
    check.set_defaults(run=_verify)


def _verify(_: argparse.Namespace) -> int:
    db = Database.from_settings(get_settings())
    try:
        db.migrate()
        with db.session() as session:
            breaks = verify_chain(session)
            count = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    finally:
        db.close()
    for broken in breaks:
        print(f"audit row {broken.seq}: {broken.reason}", file=sys.stderr)
    if breaks:
        print(f"audit trail BROKEN: {len(breaks)} problem(s) in {count} rows", file=sys.stderr)
        return 1
    print(f"audit trail intact: {count} rows")
    return 0
