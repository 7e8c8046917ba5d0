"""`deskcheck verify FILE` and `deskcheck summarize FILE`: one article's report or summary as
JSON, as the API answers it.

In-process, fast mode loads only what the evidence layer needs (no model layer, store, queue
or desk is imported) and full mode starts the configured model only when a model task runs on
it. With `--url` (or DESKCHECK_REMOTE_URL) the article is sent to a running deskcheck instead,
which has everything loaded already (and this process loads not even the evidence layer).
"""

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemas.common import ArticleIn
from schemas.summarize import SummarizeRequest
from schemas.verify import VerifyRequest
from service.config import Settings, get_settings

if TYPE_CHECKING:
    from pydantic import BaseModel

    from service.llm import ModelClient

ARTICLE_COMMANDS = frozenset({"summarize", "verify"})
_EXTRA_WAIT_S = 10.0
"""Past the service's own deadline, before a remote call gives up on an answer."""


def add_article_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    for name, run in (("summarize", _summarize), ("verify", _verify)):
        sub = commands.add_parser(
            name,
            help=f"{name} an article file (- for stdin)",
            description=f"Print the /{name} response for one plain-text article as JSON, as "
            f"the API would answer it: here, or by a running deskcheck (--url). Full mode "
            f"starts the configured model first, when a model task runs on it.",
        )
        sub.add_argument("file", help="plain-text article, or - for standard input")
        sub.add_argument(
            "--mode",
            choices=["full", "fast"],
            default="full",
            help="full: evidence layer and the model tasks on (default); fast: evidence layer only",
        )
        if name == "verify":
            sub.add_argument("--summary", help="a summary to check against the article")
        sub.add_argument(
            "--url",
            help="send the article to the deskcheck serving here (http://127.0.0.1:8000) "
            "instead of analysing it in this process (default: DESKCHECK_REMOTE_URL)",
        )
        sub.add_argument(
            "--key",
            help="API key for --url, when its model endpoints require one "
            "(default: DESKCHECK_REMOTE_KEY)",
        )
        sub.set_defaults(run=run)


def _summarize(args: argparse.Namespace) -> int:
    request = SummarizeRequest(article=ArticleIn(text=_read(args.file)), mode=args.mode)
    settings = get_settings()
    if _remote_url(args, settings) is not None:
        return _send("summarize", request.model_dump(mode="json"), args, settings)
    if request.mode == "fast":
        from service.pipeline.reading import read_article
        from service.summarize.fast import fast_summary

        return _print(fast_summary(request, read_article(request.article, settings)))

    async def full(model: "ModelClient") -> "BaseModel":
        from service.summarize.service import summarize

        return await summarize(request, settings, model)

    return _print(asyncio.run(_with_model(settings, full)))


def _verify(args: argparse.Namespace) -> int:
    text = _read(args.file)
    request = VerifyRequest(article=ArticleIn(text=text), summary=args.summary, mode=args.mode)
    settings = get_settings()
    if _remote_url(args, settings) is not None:
        body = request.model_dump(mode="json", exclude_none=True)
        return _send("verify", body, args, settings)
    if request.mode == "fast":
        from service.pipeline.reading import read_article
        from service.verify.fast import fast_report

        return _print(fast_report(request, read_article(request.article, settings)))

    async def full(model: "ModelClient") -> "BaseModel":
        from service.verify.service import verify

        return await verify(request, settings, model)

    return _print(asyncio.run(_with_model(settings, full)))


async def _with_model(settings: Settings, work: Any) -> "BaseModel":
    """Full mode in this process: the configured backend, started only when a task uses it."""
    from service.llm import ModelClient, configured_backend, start_backend, stop_backend

    backend = configured_backend(settings)
    await start_backend(backend, settings)
    while backend.state == "starting":
        await asyncio.sleep(0.2)
    try:
        result: BaseModel = await work(ModelClient(settings, backend))
        return result
    finally:
        await stop_backend(backend)


def _remote_url(args: argparse.Namespace, settings: Settings) -> str | None:
    url: str | None = args.url or settings.remote_url
    return url.rstrip("/") if url else None


def _send(endpoint: str, body: dict[str, Any], args: argparse.Namespace, settings: Settings) -> int:
    """POST the request to a running deskcheck; its answer on stdout, or its refusal (the
    `{"error", "detail"}` it sent) on stderr."""
    import httpx

    url = f"{_remote_url(args, settings)}/{endpoint}"
    key = args.key or (settings.remote_key.get_secret_value() if settings.remote_key else None)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        response = httpx.post(
            url, json=body, headers=headers, timeout=settings.request_deadline_s + _EXTRA_WAIT_S
        )
    except httpx.HTTPError as error:
        detail = f"no answer from {url}: {error!r}; is deskcheck serving there?"
        print(json.dumps({"error": "service_unreachable", "detail": detail}), file=sys.stderr)
        return 2
    answer = _json_or_text(response)
    if response.is_success:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return 0
    if not isinstance(answer, dict) or "error" not in answer:
        answer = {"error": f"http_{response.status_code}", "detail": str(answer)[:500]}
    print(json.dumps(answer, ensure_ascii=False), file=sys.stderr)
    return 2


def _json_or_text(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def _print(result: "BaseModel") -> int:
    print(result.model_dump_json(indent=2))
    return 0
