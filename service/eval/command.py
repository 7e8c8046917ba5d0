"""`deskcheck eval CASES.jsonl [...]`: score the service against labeled cases.

The command's arguments only: the harness (`service.eval.run_eval`) loads the verify service
and the model seam, which every other command of the CLI would otherwise import at start.
"""

import argparse
from pathlib import Path
from typing import Any, get_args

from schemas.verify import FlagType
from service.eval.formats import PUBLIC_FORMATS


def add_eval_command(commands: "argparse._SubParsersAction[Any]") -> None:
    sub = commands.add_parser(
        "eval", help="score /verify against labeled cases (see eval/README.md)"
    )
    sub.add_argument(
        "files",
        nargs="+",
        type=Path,
        help="cases file(s) (.jsonl), seed properties file(s) (.expected.json), or one public "
        "dataset file or folder (SummEdits, PTC, PolNeAR, REALSumm; see eval/README.md)",
    )
    sub.add_argument(
        "--format",
        choices=["auto", "cases", *PUBLIC_FORMATS],
        default="auto",
        help="what the files hold (default: told from the path)",
    )
    sub.add_argument(
        "--limit",
        type=int,
        default=None,
        help="public datasets: score only the first N items (of each file, for SummEdits)",
    )
    sub.add_argument(
        "--mode",
        choices=["fast", "full"],
        default="fast",
        help="fast: evidence layer only; full: also the configured model backend",
    )
    sub.add_argument(
        "--type",
        dest="only_type",
        choices=get_args(FlagType),
        default=None,
        help="score only this flag type",
    )
    sub.add_argument(
        "--show-misses",
        action="store_true",
        help="list false negatives and false positives with their text",
    )
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub.set_defaults(run=_run_eval)


def _run_eval(args: argparse.Namespace) -> int:
    from service.eval.run_eval import run_eval

    return run_eval(args)
