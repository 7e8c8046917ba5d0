"""`deskcheck serve`: the API, the desk and an embedded worker in one process (or N API
processes with --workers), and the banner that says where they are."""

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from service.config import Settings, get_settings
from service.lifeline import supervise

log = logging.getLogger("service.cli")
_WORKER_START_S = 30  # seconds a `serve --workers` worker has to import the app and answer


def add_serve_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    serve = commands.add_parser(
        "serve",
        help="run the HTTP API, the review desk and an embedded worker",
        description="Serve the HTTP API (/docs), the review desk (/desk/) and /metrics, with "
        "DESKCHECK_EMBEDDED_WORKERS analysis workers in the process. The model is the embedded "
        "one unless DESKCHECK_LLM_BASE_URL names an OpenAI-compatible server; the embedded one "
        "is started only when a model task runs on it. On a store with no API keys yet, a "
        "first admin key is created and printed once, in the banner.",
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


def _serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    # What is bound is what the banner names, in this process and in every worker.
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
    if args.workers > 1:
        _serve_processes(settings, args.workers, args.verbose)
    else:
        from service.cli.console import serve_with_banner

        serve_with_banner(settings, args.verbose)
    return 0


def _serve_processes(settings: Settings, workers: int, verbose: bool) -> None:
    """N processes sharing the port; each builds the app itself, from the same environment,
    and the one that finds the store without keys prints the first key."""
    import uvicorn

    from service.cli.console import Banner
    from service.observability.logs import logging_config

    print(Banner(settings).text(), file=sys.stderr, flush=True)
    supervise()  # the API processes die with this one, even on kill -9
    with _shared_metrics_dir():
        uvicorn.run(
            "service.app:create_app",
            factory=True,
            workers=workers,
            # A worker answers the supervisor's ping only once it has imported the app (the
            # spawned child re-imports this CLI first). On a busy host that takes longer than
            # uvicorn's 5 s, and the supervisor then kills and restarts it forever (seen here
            # at a load average of 8 on 2 cores: no worker ever served).
            timeout_worker_healthcheck=_WORKER_START_S,
            host=settings.host,
            port=settings.port,
            log_config=logging_config(settings.log_level, settings.log_format, verbose=verbose),
            access_log=False,  # service.observability.access writes one line a request
            # uvicorn's own X-Forwarded-For handling trusts any loopback peer by default, so a
            # client on this host could name a new address with each guess; the app decides
            # (DESKCHECK_TRUSTED_PROXIES, service/auth/address.py).
            proxy_headers=False,
        )


def _warn_if_rate_limit_per_process(settings: Settings, workers: int) -> None:
    """In memory, each worker process counts the model rate limit alone: N workers let N times
    the limit through. Allowed (one machine may accept that), but said at start."""
    from service.auth.guard import model_rate_limit_storage

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
    from service.observability.scrape import MULTIPROCESS_ENV

    if os.environ.get(MULTIPROCESS_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="deskcheck-metrics-") as directory:
        os.environ[MULTIPROCESS_ENV] = directory
        try:
            yield
        finally:
            del os.environ[MULTIPROCESS_ENV]
