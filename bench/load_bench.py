"""Fast mode under load: `python bench/load_bench.py [--pools process,thread,inline]`.

For each evidence pool (`DESKCHECK_EVIDENCE_POOL`), serves the app with uvicorn (one process,
access log off) on a loopback port and drives fast-mode /verify of a seed article at
concurrency 1..64 (asyncio + httpx in this process), while a separate process probes /healthz
every 20 ms. Prints per concurrency: answered requests/s (200), requests shed (503
evidence_busy; the client then waits its Retry-After, as a well-behaved client does), other
outcomes, and /healthz p50/p99. Each figure is the median of `--repeats` runs of `--seconds`
seconds. The machine's cores are shared with the load generator: compare back-to-back runs.
"""

import argparse
import asyncio
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib.resources import files
from multiprocessing.connection import Connection

import httpx

ARTICLE = files("seeds").joinpath("articles/001_100bbb814b795ab1.txt").read_text("utf-8")
BODY = {"article": {"text": ARTICLE}, "mode": "fast"}
PROBE_EVERY_S = 0.02


@dataclass
class Run:
    answered_per_s: float
    shed: int
    other: int
    healthz_p50_ms: float
    healthz_p99_ms: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def serving(pool: str) -> Iterator[str]:
    """The app under uvicorn with the given evidence pool; the model backend is never asked."""
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = os.environ | {
            "DESKCHECK_EVIDENCE_POOL": pool,
            "DESKCHECK_DATA_DIR": data_dir,
            # Fast mode needs no model: point at a closed port so no embedded model starts.
            "DESKCHECK_LLM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
            "DESKCHECK_LLM_MODEL": "unused",
        }
        app = ["service.app:create_app", "--factory", "--log-level", "warning"]
        command = [sys.executable, "-m", "uvicorn", *app, "--port", str(port)]
        server = subprocess.Popen(command, env=env)  # noqa: S603
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_warm(url)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_until_warm(url: str) -> None:
    """Up, and a fast analysis answers in under a second (the workers have loaded their data)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            started = time.perf_counter()
            status = httpx.post(f"{url}/verify", json=BODY, timeout=30).status_code
            if status == 200 and time.perf_counter() - started < 1.0:
                for _ in range(5):
                    httpx.post(f"{url}/verify", json=BODY, timeout=30)
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become ready")


def probe_healthz(url: str, seconds: float, out: Connection) -> None:
    """In its own process, so its timings do not include the load generator's own delays."""
    latencies = []
    with httpx.Client(timeout=10) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            with suppress(httpx.TransportError):  # a failure counts by its latency
                client.get(f"{url}/healthz")
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(PROBE_EVERY_S)
    out.send(latencies)


async def drive(url: str, concurrency: int, seconds: float) -> dict[int, int]:
    statuses: dict[int, int] = {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        end = time.monotonic() + seconds

        async def one_client() -> None:
            while time.monotonic() < end:
                try:
                    response = await client.post("/verify", json=BODY)
                except httpx.TransportError:  # counted with "other": the server dropped it
                    statuses[0] = statuses.get(0, 0) + 1
                    continue
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == 503:  # a well-behaved client waits as it is told
                    await asyncio.sleep(float(response.headers.get("retry-after", "1")))

        await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return statuses


def one_run(url: str, concurrency: int, seconds: float) -> Run:
    receive, send = multiprocessing.Pipe(duplex=False)
    prober = multiprocessing.Process(target=probe_healthz, args=(url, seconds, send))
    prober.start()
    statuses = asyncio.run(drive(url, concurrency, seconds))
    latencies = sorted(receive.recv())
    prober.join()
    answered = statuses.get(200, 0)
    return Run(
        answered_per_s=answered / seconds,
        shed=statuses.get(503, 0),
        other=sum(n for status, n in statuses.items() if status not in (200, 503)),
        healthz_p50_ms=statistics.median(latencies),
        healthz_p99_ms=latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    )


def median_run(runs: list[Run]) -> Run:
    return Run(
        answered_per_s=statistics.median(r.answered_per_s for r in runs),
        shed=round(statistics.median(r.shed for r in runs)),
        other=round(statistics.median(r.other for r in runs)),
        healthz_p50_ms=statistics.median(r.healthz_p50_ms for r in runs),
        healthz_p99_ms=statistics.median(r.healthz_p99_ms for r in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pools", default="process,thread,inline")
    parser.add_argument("--concurrency", default="1,2,4,8,16,32,64")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    print(
        f"fast /verify, seed 001 ({len(ARTICLE)} chars), {os.cpu_count()} cores; median of "
        f"{args.repeats} x {args.seconds:g} s; shed = 503 in one run"
    )
    print("| pool | concurrency | answered/s | shed (503) | other | /healthz p50 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for pool in args.pools.split(","):
        with serving(pool) as url:
            for concurrency in levels:
                runs = [one_run(url, concurrency, args.seconds) for _ in range(args.repeats)]
                r = median_run(runs)
                print(
                    f"| {pool} | {concurrency} | {r.answered_per_s:.1f} | {r.shed} | {r.other} "
                    f"| {r.healthz_p50_ms:.1f} | {r.healthz_p99_ms:.1f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
