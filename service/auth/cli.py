"""`deskcheck keys create|list|revoke`: keys are printed once, at creation, never again."""

import argparse
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from service.auth.keys import ROLES, create_key, list_keys, revoke_key
from service.config import get_settings
from service.errors import DeskcheckError
from service.store import Database
from service.store.models import ApiKey


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    keys = commands.add_parser("keys", help="API keys for the review desk")
    actions = keys.add_subparsers(required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a key and print it (only this once)")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--name", required=True, help="who holds the key, e.g. alice (unique)")
    create.set_defaults(run=_create)
    listing = actions.add_parser("list", help="every key: name, role, dates; never the key")
    listing.set_defaults(run=_list)
    revoke = actions.add_parser("revoke", help="revoke a key and end its desk sessions")
    revoke.add_argument("key", metavar="NAME|ID", help="the key's name, or its id from `list`")
    revoke.set_defaults(run=_revoke)


def _in_store(work: Callable[[Session], None]) -> int:
    db = Database.from_settings(get_settings())
    try:
        db.migrate()
        with db.session() as session:
            work(session)
    except DeskcheckError as refused:
        print(f"deskcheck keys: {refused.detail}", file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0


def _create(args: argparse.Namespace) -> int:
    def create(session: Session) -> None:
        row, raw = create_key(session, args.name, args.role)
        print(raw)
        print(
            f"key {row.prefix}… for {row.name} ({row.role}); it is not shown again", file=sys.stderr
        )

    return _in_store(create)


def _list(_: argparse.Namespace) -> int:
    def show(session: Session) -> None:
        print(f"{'id':>4}  {'name':<24} {'role':<9} {'created':<16} {'last used':<16} status")
        for row in list_keys(session):
            print(_row(row))

    return _in_store(show)


def _row(key: ApiKey) -> str:
    status = "active" if key.revoked_at is None else f"revoked {_when(key.revoked_at)}"
    return (
        f"{key.id:>4}  {key.name:<24} {key.role:<9} {_when(key.created_at):<16} "
        f"{_when(key.last_used_at):<16} {status}"
    )


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _revoke(args: argparse.Namespace) -> int:
    def revoke(session: Session) -> None:
        row = revoke_key(session, args.key)
        print(f"revoked key {row.id} '{row.name}' ({row.role}); its desk sessions are ended")

    return _in_store(revoke)
