"""`deskcheck worker`: a worker process, running the work the top-level CLI gives it."""

import argparse
import logging
from collections.abc import Callable
from typing import Any

from prometheus_client import start_http_server

from service.config import get_settings
from service.jobs.context import Work
from service.jobs.worker import run_worker

log = logging.getLogger(__name__)


def register(commands: Any, work: Work, warm_up: Callable[[], None]) -> None:
    worker = commands.add_parser(
        "worker", help="run analysis jobs from the queue (several per machine and across machines)"
    )
    worker.add_argument("--concurrency", type=int, default=1, help="jobs at once (threads)")
    worker.add_argument(
        "--metrics-port",
        type=metrics_address,
        metavar="[HOST:]PORT",
        help="serve this worker's Prometheus metrics (model calls and tokens, response cache) "
        "at http://HOST:PORT/metrics; HOST defaults to 127.0.0.1",
    )
    worker.set_defaults(run=lambda args: _worker(args, work, warm_up))


def _worker(args: argparse.Namespace, work: Work, warm_up: Callable[[], None]) -> int:
    if args.metrics_port is not None:
        host, port = args.metrics_port
        # The model calls a worker makes are counted in its own process, which `serve`'s
        # /metrics cannot see: the worker serves them itself.
        start_http_server(port, addr=host)
        log.info("metrics at http://%s:%d/metrics", host, port)
    run_worker(get_settings(), max(1, args.concurrency), work, warm_up)
    return 0


def metrics_address(text: str) -> tuple[str, int]:
    """`PORT` (on 127.0.0.1) or `HOST:PORT`, for `--metrics-port`."""
    host, _, port = text.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port: give PORT (1-65535), or HOST:PORT such as 0.0.0.0:9101"
        )
    return host.strip("[]") or "127.0.0.1", int(port)
