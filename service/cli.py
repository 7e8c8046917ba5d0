"""`deskcheck serve | summarize FILE | verify FILE`: JSON to stdout, errors to stderr."""

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from pydantic import BaseModel

from schemas.common import ArticleIn, Mode
from schemas.summarize import SummarizeRequest
from schemas.verify import VerifyRequest
from service.auth.cli import register as register_key_commands
from service.config import Settings, get_settings
from service.errors import DeskcheckError
from service.eval.command import add_eval_command
from service.jobs.cli import register as register_job_commands
from service.llm import Backend, ModelClient, configured_backend, start_backend, stop_backend
from service.store.cli import register as register_audit_commands
from service.summarize.service import summarize
from service.verify.service import verify


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        result: int = args.run(args)
    except DeskcheckError as error:
        print(json.dumps({"error": error.kind, "detail": error.detail}), file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(json.dumps({"error": "input", "detail": str(error)}), file=sys.stderr)
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deskcheck", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="run the HTTP API and an embedded worker (embedded model by default)"
    )
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="API processes sharing the port (one per core; needs DESKCHECK_LLM_BASE_URL)",
    )
    serve.set_defaults(run=_serve)

    openapi = commands.add_parser("openapi", help="print the API's OpenAPI document (JSON)")
    openapi.set_defaults(run=_openapi)

    for name, run in (("summarize", _summarize), ("verify", _verify)):
        sub = commands.add_parser(name, help=f"{name} an article file (- for stdin)")
        sub.add_argument("file", help="plain-text article, or - for standard input")
        sub.add_argument("--mode", choices=["full", "fast"], default="full")
        if name == "verify":
            sub.add_argument("--summary", help="a summary to check against the article")
        sub.set_defaults(run=run)
    add_eval_command(commands)
    register_key_commands(commands)
    register_audit_commands(commands)
    register_job_commands(commands)
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    settings = get_settings()
    host, port = args.host or settings.host, args.port or settings.port
    if args.workers > 1 and settings.embedded:
        print(
            "deskcheck: --workers needs a model server (DESKCHECK_LLM_BASE_URL): each process "
            "would start its own embedded model",
            file=sys.stderr,
        )
        return 2
    print(f"deskcheck: serving on http://{host}:{port} (API docs at /docs)", file=sys.stderr)
    if args.workers > 1:
        # Each process builds the app itself, from the same environment.
        uvicorn.run(
            "service.app:create_app", factory=True, workers=args.workers, host=host, port=port
        )
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    return 0


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
