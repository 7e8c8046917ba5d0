"""deskcheck: a verification desk for newsrooms. Serve the API and the review desk, run its
workers, or check articles from the command line (results as JSON on stdout, errors on stderr).
Every command has --help. Logs go to stderr: readable lines on a terminal, JSON lines otherwise
(DESKCHECK_LOG_FORMAT or --log-format choose); commands other than serve and worker write
warnings and errors only, unless --verbose."""

import argparse
import json
import os
import sys
from collections.abc import Callable

from pydantic import ValidationError

from service.cli.articles import ARTICLE_COMMANDS, add_article_commands
from service.cli.serve import _warn_if_rate_limit_per_process, add_serve_command
from service.config import Settings, get_settings
from service.errors import DeskcheckError
from service.observability.logs import configure_logging

# Long-running services log at DESKCHECK_LOG_LEVEL; the other commands only warnings and errors.
_SERVICES = frozenset({"serve", "worker"})
_GLOBAL_OPTIONS_WITH_VALUE = frozenset({"--log-format"})

__all__ = ["_parser", "_warn_if_rate_limit_per_process", "main"]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(_asked_command(argv)).parse_args(argv)
    if args.log_format is not None:
        # As the setting: this process and every one it starts (workers, the pool) write so.
        os.environ["DESKCHECK_LOG_FORMAT"] = args.log_format
        get_settings.cache_clear()
    try:
        settings = get_settings()
    except ValidationError as error:
        problem = {"error": "settings", "detail": _settings_problem(error)}
        print(json.dumps(problem), file=sys.stderr)
        return 2
    _configure_logging(settings, args.command, args.verbose)
    try:
        result: int = args.run(args)
    except DeskcheckError as error:
        print(json.dumps({"error": error.kind, "detail": error.detail}), file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(json.dumps({"error": "input", "detail": str(error)}), file=sys.stderr)
        return 2
    return result


def _settings_problem(error: ValidationError) -> str:
    """`DESKCHECK_LOG_LEVEL: Input should be 'DEBUG', 'INFO', ...` for each bad setting."""
    problems = [
        f"DESKCHECK_{'_'.join(str(part) for part in problem['loc']).upper()}: {problem['msg']}"
        for problem in error.errors()
    ]
    return "; ".join(problems) + ". Fix the environment (or .env) and run again."


def _configure_logging(settings: Settings, command: str, verbose: bool) -> None:
    level = settings.log_level
    if command not in _SERVICES and not verbose and level in ("DEBUG", "INFO"):
        level = "WARNING"
    configure_logging(level, settings.log_format, verbose=verbose)


def _asked_command(argv: list[str]) -> str | None:
    """The command named on the line (`verify` in `deskcheck -v verify a.txt`), if any."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None  # `deskcheck -h batch` asks for the list of every command
        if word in _GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command, or, for an article command, only those: checking one article from the
    command line then imports nothing of the desk, the store, the queue or the model layer."""
    parser = argparse.ArgumentParser(prog="deskcheck", description=__doc__)
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also log INFO lines (the store's migrations included)",
    )
    parser.add_argument(
        "--log-format",
        choices=["auto", "json", "text"],
        default=None,
        help="log lines as JSON or readable text (default: DESKCHECK_LOG_FORMAT, auto: text "
        "on a terminal, JSON otherwise)",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND", dest="command")
    if command not in ARTICLE_COMMANDS:
        add_serve_command(commands)
        _add_openapi_command(commands)
    add_article_commands(commands)
    if command not in ARTICLE_COMMANDS:
        _add_operator_commands(commands, command)
    _describe_from_help(commands)
    return parser


def _add_openapi_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    openapi = commands.add_parser(
        "openapi",
        help="print the API's OpenAPI document (JSON)",
        description="Print the OpenAPI document the API serves at /openapi.json "
        "(schemas/openapi.json is this output).",
    )
    openapi.set_defaults(run=_openapi)


def _add_operator_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]", asked: str | None
) -> None:
    """The operator commands: only the one asked for when it is one of them, so that its cold
    start imports its own modules and not every other command's (the eval harness and the
    worker bring in the model seam: about a second of `deskcheck batch`'s start); all of them
    for --help or a name that is none of them (argparse then lists them)."""
    if asked in _OPERATOR_COMMANDS:
        _OPERATOR_COMMANDS[asked](commands)
        return
    for add in _OPERATOR_COMMANDS.values():
        add(commands)


def _add_eval(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from service.eval.command import add_eval_command

    add_eval_command(commands)


def _add_keys(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from service.auth.cli import register

    register(commands)


def _add_accounts(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from service.auth.accounts.cli import register

    register(commands)


def _add_audit(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from service.review.integrity import verify_review_state
    from service.store.cli import register

    register(commands, state_checks=[verify_review_state])


def _add_worker(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from service.evidence.warm import warm_evidence_layer
    from service.jobs.cli import register
    from service.review.job import ANALYSIS

    register(commands, ANALYSIS, warm_evidence_layer)


def _add_batch(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from service.review.cli import register

    register(commands)


_OPERATOR_COMMANDS: dict[
    str, Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
] = {
    "eval": _add_eval,
    "keys": _add_keys,
    "accounts": _add_accounts,
    "audit": _add_audit,
    "worker": _add_worker,
    "batch": _add_batch,
}
"""Each operator command, and what adds it to the parser (importing its module then)."""


def _describe_from_help(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """A command's --help leads with its description; where none was written, its one-line
    summary from the command list is used, in nested commands (`keys create`) too."""
    for choice in commands._choices_actions:
        sub = commands.choices[choice.dest]
        if not sub.description and choice.help:
            sub.description = choice.help[0].upper() + choice.help[1:] + "."
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _describe_from_help(action)


def _openapi(_: argparse.Namespace) -> int:
    from service.app import openapi_document

    print(json.dumps(openapi_document(), indent=2, ensure_ascii=False))
    return 0
