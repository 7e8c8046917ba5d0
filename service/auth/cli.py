"""`deskcheck keys create --role editor --name alice`: prints the new key once."""

import argparse
import sys

from service.auth.keys import ROLES, create_key
from service.config import get_settings
from service.store import Database


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    keys = commands.add_parser("keys", help="API keys for the review desk")
    actions = keys.add_subparsers(required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a key and print it (only this once)")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--name", required=True, help="who holds the key, e.g. alice")
    create.set_defaults(run=_create)


def _create(args: argparse.Namespace) -> int:
    db = Database.from_settings(get_settings())
    try:
        db.migrate()
        with db.session() as session:
            row, raw = create_key(session, args.name, args.role)
            print(raw)
            print(
                f"key {row.prefix}… for {row.name} ({row.role}); it is not shown again",
                file=sys.stderr,
            )
    finally:
        db.close()
    return 0
