"""deskcheck: a verification desk for newsrooms. Serve the API and the review desk, run its
workers, or check articles from the command line (results as JSON on stdout, errors on stderr).
Every command has --help. Logs go to stderr, as JSON lines unless DESKCHECK_LOG_FORMAT=text;
commands other than serve and worker write warnings and errors only, unless --verbose."""

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ValidationError

from schemas.common import ArticleIn, Mode
from schemas.summarize import SummarizeRequest
from schemas.verify import VerifyRequest
from service.auth.accounts.cli import register as register_account_commands
from service.auth.cli import register as register_key_commands
from service.auth.guard import model_rate_limit_storage
from service.config import Settings, get_settings
from service.errors import DeskcheckError
from service.eval.command import add_eval_command
from service.evidence.warm import warm_evidence_layer
from service.jobs.cli import register as register_worker_command
from service.llm import Backend, ModelClient, configured_backend, start_backend, stop_backend
from service.observability.logs import configure_logging, logging_config
from service.observability.scrape import MULTIPROCESS_ENV
from service.review.cli import register as register_review_commands
from service.review.integrity import verify_review_state
from service.review.job import ANALYSIS
from service.review.lifecycle import served_url
from service.store.cli import register as register_audit_commands
from service.summarize.service import summarize
from service.verify.service import verify

# Long-running services log at DESKCHECK_LOG_LEVEL; the other commands only warnings and errors.
_SERVICES = frozenset({"serve", "worker"})
log = logging.getLogger(__name__)
_WORKER_START_S = 30  # seconds a `serve --workers` worker has to import the app and answer


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deskcheck", description=__doc__)
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also log INFO lines (the store's migrations included)",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND", dest="command")

    serve = commands.add_parser(
        "serve",
        help="run the HTTP API, the review desk and an embedded worker",
        description="Serve the HTTP API (/docs), the review desk (/desk/) and /metrics, with "
        "DESKCHECK_EMBEDDED_WORKERS analysis workers in the process. The model is the embedded "
        "one unless DESKCHECK_LLM_BASE_URL names an OpenAI-compatible server. On a store with "
        "no API keys yet, a first admin key is created and printed once.",
    )
    serve.add_argument(
        "--host", default=None, help="address to bind (default: DESKCHECK_HOST, 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=int, default=None, help="port to bind (default: DESKCHECK_PORT, 8000)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="API processes sharing the port (one per core; needs DESKCHECK_LLM_BASE_URL)",
    )
    serve.set_defaults(run=_serve)

    openapi = commands.add_parser(
        "openapi",
        help="print the API's OpenAPI document (JSON)",
        description="Print the OpenAPI document the API serves at /openapi.json "
        "(schemas/openapi.json is this output).",
    )
    openapi.set_defaults(run=_openapi)

    for name, run in (("summarize", _summarize), ("verify", _verify)):
        sub = commands.add_parser(
            name,
            help=f"{name} an article file (- for stdin)",
            description=f"Print the /{name} response for one plain-text article as JSON, as "
            f"the API would answer it. Full mode starts the configured model first.",
        )
        sub.add_argument("file", help="plain-text article, or - for standard input")
        sub.add_argument(
            "--mode",
            choices=["full", "fast"],
            default="full",
            help="full: evidence layer and model (default); fast: evidence layer only",
        )
        if name == "verify":
            sub.add_argument("--summary", help="a summary to check against the article")
        sub.set_defaults(run=run)
    add_eval_command(commands)
    register_key_commands(commands)
    register_account_commands(commands)
    register_audit_commands(commands, state_checks=[verify_review_state])
    register_worker_command(commands, ANALYSIS, warm_evidence_layer)
    register_review_commands(commands)
    _describe_from_help(commands)
    return parser


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


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    settings = get_settings()
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    # What is bound is what the first-admin banner names, in this process and in every worker.
    settings = settings.model_copy(update={"host": host, "port": port})
    os.environ["DESKCHECK_HOST"], os.environ["DESKCHECK_PORT"] = host, str(port)
    if args.workers > 1 and settings.embedded:
        print(
            "deskcheck: --workers needs a model server (DESKCHECK_LLM_BASE_URL): each process "
            "would start its own embedded model",
            file=sys.stderr,
        )
        return 2
    _warn_if_rate_limit_per_process(settings, args.workers)
    print(
        f"deskcheck: serving on {served_url(settings)} (the desk at /desk/, API docs at /docs)",
        file=sys.stderr,
    )
    logs = logging_config(settings.log_level, settings.log_format, verbose=args.verbose)
    if args.workers > 1:
        # Each process builds the app itself, from the same environment.
        with _shared_metrics_dir():
            uvicorn.run(
                "service.app:create_app",
                factory=True,
                workers=args.workers,
                # A worker answers the supervisor's ping only once it has imported the app (the
                # spawned child re-imports this CLI first). On a busy host that takes longer than
                # uvicorn's 5 s, and the supervisor then kills and restarts it forever (seen here
                # at a load average of 8 on 2 cores: no worker ever served).
                timeout_worker_healthcheck=_WORKER_START_S,
                host=host,
                port=port,
                log_config=logs,
                access_log=False,  # service.observability.access writes one JSON line a request
                proxy_headers=False,
            )
    else:
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_config=logs,
            access_log=False,
            # uvicorn's own X-Forwarded-For handling trusts any loopback peer by default, so a
            # client on this host could name a new address with each guess; the app decides
            # (DESKCHECK_TRUSTED_PROXIES, service/auth/address.py).
            proxy_headers=False,
        )
    return 0


def _warn_if_rate_limit_per_process(settings: Settings, workers: int) -> None:
    """In memory, each worker process counts the model rate limit alone: N workers let N times
    the limit through. Allowed (one machine may accept that), but said at start."""
    in_memory = model_rate_limit_storage(settings).startswith("memory://")
    if workers > 1 and settings.model_rate_limit and in_memory:
        log.warning(
            "DESKCHECK_MODEL_RATE_LIMIT=%s is counted in memory by each of the %d worker "
            "processes, so a key gets up to %d times that; set "
            "DESKCHECK_MODEL_RATE_LIMIT_STORAGE to a Redis URL to share one count",
            settings.model_rate_limit,
            workers,
            workers,
        )


@contextmanager
def _shared_metrics_dir() -> Iterator[None]:
    """Each worker process counts its requests in files here, and a scrape of any worker sums
    them all; removed when serving ends. An operator's own PROMETHEUS_MULTIPROC_DIR is kept."""
    if os.environ.get(MULTIPROCESS_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="deskcheck-metrics-") as directory:
        os.environ[MULTIPROCESS_ENV] = directory
        try:
            yield
        finally:
            del os.environ[MULTIPROCESS_ENV]


def _openapi(_: argparse.Namespace) -> int:
    from service.app import openapi_document

    print(json.dumps(openapi_document(), indent=2, ensure_ascii=False))
    return 0


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def _summarize(args: argparse.Namespace) -> int:
    request = SummarizeRequest(article=ArticleIn(text=_read(args.file)), mode=args.mode)
    return _run_once(args.mode, lambda s, m: summarize(request, s, m))


def _verify(args: argparse.Namespace) -> int:
    request = VerifyRequest(
        article=ArticleIn(text=_read(args.file)), summary=args.summary, mode=args.mode
    )
    return _run_once(args.mode, lambda s, m: verify(request, s, m))


def _run_once(mode: Mode, work: Callable[[Settings, ModelClient], Awaitable[BaseModel]]) -> int:
    async def go() -> BaseModel:
        settings = get_settings()
        backend = configured_backend(settings)
        if mode == "full":
            await start_backend(backend, settings)
            await _until_settled(backend)
        try:
            return await work(settings, ModelClient(settings, backend))
        finally:
            await stop_backend(backend)

    print(asyncio.run(go()).model_dump_json(indent=2))
    return 0


async def _until_settled(backend: Backend) -> None:
    while backend.state == "starting":
        await asyncio.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
