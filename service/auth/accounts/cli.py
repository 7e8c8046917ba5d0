"""`deskcheck accounts create|list|role|reset|disable|enable`: people's desk accounts.

A password comes from standard input with --password-stdin (a line), or is generated and
printed once; it is never an argument (arguments show in `ps` and shell history).
"""

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import datetime

from schemas.accounts import AccountUpdate, AccountView
from service.auth.accounts import admin
from service.auth.accounts.service import Acting
from service.auth.keys import ROLES
from service.config import get_settings
from service.errors import DeskcheckError
from service.store import Database

_STDIN_HELP = "read the password from standard input (one line) instead of generating one"


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    accounts = commands.add_parser("accounts", help="people's desk accounts (user name, password)")
    actions = accounts.add_subparsers(required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create an account; a generated password is printed")
    create.add_argument("--name", required=True, help="the user name, e.g. alice (unique)")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--password-stdin", action="store_true", help=_STDIN_HELP)
    create.set_defaults(run=_create)
    listing = actions.add_parser("list", help="every account: name, role, status, last sign-in")
    listing.set_defaults(run=_list)
    role = actions.add_parser("role", help="give an account another role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(run=_role)
    reset = actions.add_parser("reset", help="set a new password; the account's sessions end")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true", help=_STDIN_HELP)
    reset.set_defaults(run=_reset)
    for action, disabled, help_text in (
        ("disable", True, "disable an account: no sign-in, its sessions end now"),
        ("enable", False, "enable a disabled account again"),
    ):
        toggle = actions.add_parser(action, help=help_text)
        toggle.add_argument("name")
        toggle.set_defaults(run=_toggle, disabled=disabled)


def _acting() -> Acting:
    return Acting(f"cli:{getpass.getuser()}")


def _in_store(work: Callable[[Database], None]) -> int:
    db = Database.from_settings(get_settings())
    try:
        db.migrate()
        work(db)
    except DeskcheckError as refused:
        print(f"deskcheck accounts: {refused.detail}", file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0


def _password(args: argparse.Namespace) -> str | None:
    return sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None


def _create(args: argparse.Namespace) -> int:
    password = _password(args)

    def create(db: Database) -> None:
        made = admin.create(db, _acting(), args.name, args.role, password)
        _print_generated(made.generated_password)
        print(f"account {made.name} ({made.role}) created", file=sys.stderr)

    return _in_store(create)


def _reset(args: argparse.Namespace) -> int:
    password = _password(args)

    def reset(db: Database) -> None:
        made = admin.reset(db, _acting(), args.name, password)
        _print_generated(made.generated_password)
        print(f"new password for {made.name}; its desk sessions are ended", file=sys.stderr)

    return _in_store(reset)


def _print_generated(password: str | None) -> None:
    if password is not None:
        print(password)
        print("the password above is not shown again", file=sys.stderr)


def _role(args: argparse.Namespace) -> int:
    def change(db: Database) -> None:
        view = admin.update(db, _acting(), args.name, AccountUpdate(role=args.role))
        print(f"{view.name} is now {view.role}")

    return _in_store(change)


def _toggle(args: argparse.Namespace) -> int:
    def change(db: Database) -> None:
        view = admin.update(db, _acting(), args.name, AccountUpdate(disabled=args.disabled))
        said = "disabled; its desk sessions are ended" if view.disabled else "enabled"
        print(f"{view.name} is {said}")

    return _in_store(change)


def _list(_: argparse.Namespace) -> int:
    def show(db: Database) -> None:
        print(f"{'name':<24} {'role':<9} {'status':<8} {'created':<16} last sign-in")
        for account in admin.listing(db).accounts:
            print(_row(account))

    return _in_store(show)


def _row(account: AccountView) -> str:
    status = "disabled" if account.disabled else "active"
    return (
        f"{account.name:<24} {account.role:<9} {status:<8} {_when(account.created_at):<16} "
        f"{_when(account.last_login_at)}"
    )


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else moment.strftime("%Y-%m-%d %H:%M")
