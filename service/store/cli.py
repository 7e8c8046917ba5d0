"""`deskcheck audit verify [--anchor FILE]` and `deskcheck audit anchor export FILE`.

The store checks its chain; whether the tables still agree with what the chain recorded of them
is for the domains that write them to check, and the command line hands those checks in.
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.config import get_settings
from service.store import anchor
from service.store.anchor import Anchor, AnchorError
from service.store.audit import AuditBreak, verify_chain
from service.store.db import Database
from service.store.models import AuditEntry

StateCheck = Callable[[Session], list[AuditBreak]]
"""Compares tables with the chain's record of them: a break per disagreement."""


def register(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    state_checks: Sequence[StateCheck],
) -> None:
    audit = commands.add_parser("audit", help="the review audit trail")
    actions = audit.add_subparsers(required=True, metavar="ACTION")
    check = actions.add_parser(
        "verify",
        help="check the keyed hash chain, that it reaches every anchor, that decisions and "
        "item states match it, and that every item, article, analysis, flag and summary "
        "revision is the row an audit row bound; exit 1 if not",
    )
    check.add_argument(
        "--anchor",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="an anchor exported earlier (repeatable); the automatic one under the data "
        "directory is always checked when present",
    )
    check.set_defaults(run=partial(_verify, state_checks=state_checks))
    anchors = actions.add_parser("anchor", help="head anchors kept outside the database")
    anchor_actions = anchors.add_subparsers(required=True, metavar="ACTION")
    export = anchor_actions.add_parser("export", help="write the chain's signed head to FILE")
    export.add_argument("file", type=Path, metavar="FILE")
    export.set_defaults(run=_export)


def _verify(args: argparse.Namespace, state_checks: Sequence[StateCheck]) -> int:
    db = Database.from_settings(get_settings(), create_key=False)
    try:
        anchors = _anchors(db, args.anchor)
        db.migrate()
        with db.session() as session:
            breaks = verify_chain(session, anchors)
            for check in state_checks:
                breaks += check(session)
            count = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    except AnchorError as error:
        print(f"audit trail NOT VERIFIED: {error}", file=sys.stderr)
        return 1
    finally:
        db.close()
    return _report(breaks, count, len(anchors))


def _export(args: argparse.Namespace) -> int:
    db = Database.from_settings(get_settings())
    try:
        db.migrate()
        key = db.audit.key
        assert key is not None  # from_settings creates the key when there is none
        with db.session() as session:
            head = anchor.current_anchor(session, key)
    finally:
        db.close()
    args.file.write_text(anchor.to_json(head))
    print(f"anchor written to {args.file}: row {head.seq}, hash {head.hash[:16]}…")
    return 0


def _anchors(db: Database, given: list[Path]) -> list[Anchor]:
    """The exported anchors asked for, and the automatic one when it exists."""
    key, automatic = db.audit.key, db.audit.anchor_file
    paths = [*given, *([automatic] if automatic is not None and automatic.exists() else [])]
    if not paths:
        return []
    if key is None:
        raise AnchorError("no audit key to check the anchors with: set DESKCHECK_AUDIT_KEY")
    return [anchor.load(path, key) for path in paths]


def _report(breaks: list[AuditBreak], count: int, anchors: int) -> int:
    for broken in breaks:
        where = f"audit row {broken.seq}" if broken.seq else "audit trail"
        print(f"{where}: {broken.reason}", file=sys.stderr)
    if breaks:
        print(f"audit trail BROKEN: {len(breaks)} problem(s) in {count} rows", file=sys.stderr)
        return 1
    print(f"audit trail intact: {count} rows, {anchors} anchor(s) reached")
    return 0
