"""Fast mode under load: `python bench/load_bench.py [--concurrency 16,64] [--clients ...]`.

Serves the app with uvicorn (one process, access log off, `DESKCHECK_EVIDENCE_POOL` per
`--pools`, process by default) on a loopback port and drives fast-mode /verify of a seed article
with N clients, each on its own keep-alive connection sending its next request as soon as it has
an answer. Clients that `honour` Retry-After wait as a 503 tells them to; clients that `ignore`
it ask again at once, the overload the shed must survive.

How it measures, since the load generator shares the machine's cores with the server:
- the clients run in a process of their own on uvloop, sending a prebuilt request and reading
  the answer with httptools (uvicorn's own parser): a few tens of µs of CPU a request, so the
  generator takes little of the CPU the server needs; its CPU time is printed per run
  (`client CPU s`), beside the server's (the uvicorn process and its evidence workers, from
  /proc);
- `--client-cpus` / `--server-cpus` pin the generator (and the /healthz prober) and the server
  to CPUs of their own (`taskset` style, e.g. `--client-cpus 1 --server-cpus 0`);
- `/healthz` is probed every 20 ms from another process (httpx), its p99 taken over the run;
- answered/s counts the 200s completed within the run's `--seconds`; p50/p99 are theirs;
  shed counts the 503s, other anything else (including connections the server dropped);
- each figure is the median of `--repeats` runs, made round after round over the cells (so the
  machine's other load touches each cell alike); the 1-minute load average is printed beside it.
"""

import argparse
import asyncio
import json
import logging
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
from dataclasses import dataclass, field
from importlib.resources import files
from multiprocessing.connection import Connection
from typing import cast

import httptools
import httpx
import uvloop
from starlette.types import Message, Receive, Scope, Send

from service.http.admission import Admission
from service.pipeline.pool import EvidenceWorkers, install
from tests.served import cpu_seconds

ARTICLE = files("seeds").joinpath("articles/001_100bbb814b795ab1.txt").read_text("utf-8")
BODY = {"article": {"text": ARTICLE}, "mode": "fast"}
PROBE_EVERY_S = 0.02
LATE_ANSWER_GRACE_S = 10.0


@dataclass
class Run:
    answered_per_s: float
    shed: int
    other: int
    p50_ms: float
    p99_ms: float
    healthz_p99_ms: float
    server_cpu_s: float
    client_cpu_s: float
    load_average: float


@dataclass
class Tally:
    """What one generator process saw, sent back to the parent when its run ends."""

    answered_ms: list[float] = field(default_factory=list)
    shed: int = 0
    other: int = 0
    cpu_s: float = 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def pin(cpus: set[int] | None) -> None:
    if cpus:
        os.sched_setaffinity(0, cpus)


@contextmanager
def serving(pool: str, cpus: set[int] | None) -> Iterator[tuple[int, int]]:
    """The app under uvicorn with the given evidence pool (its port and pid); no model is asked."""
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
        command = [sys.executable, "-m", "uvicorn", *app, "--port", str(port), "--no-access-log"]
        # The evidence workers are spawned by the server and inherit its affinity.
        server = subprocess.Popen(command, env=env, preexec_fn=lambda: pin(cpus))  # noqa: S603
        try:
            wait_until_warm(f"http://127.0.0.1:{port}")
            yield port, server.pid
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


def verify_request(port: int) -> bytes:
    body = json.dumps(BODY).encode()
    head = (
        f"POST /verify HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n"
        f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Answer(asyncio.Protocol):
    """A keep-alive connection: `ask` writes a prebuilt request, returns status and Retry-After."""

    def __init__(self) -> None:
        self.transport: asyncio.WriteTransport | None = None
        self.waiting: asyncio.Future[tuple[int, float]] | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.retry_after = 1.0
        self.open = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport, self.open = cast(asyncio.WriteTransport, transport), True

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_exception(ConnectionError("closed by the server"))

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"retry-after":
            self.retry_after = float(value)

    def on_message_complete(self) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result((self.parser.get_status_code(), self.retry_after))

    async def ask(self, request: bytes) -> tuple[int, float]:
        assert self.transport is not None
        self.waiting = asyncio.get_running_loop().create_future()
        self.parser, self.retry_after = httptools.HttpResponseParser(self), 1.0
        self.transport.write(request)
        return await self.waiting


async def one_client(port: int, request: bytes, end: float, honour: bool, tally: Tally) -> None:
    loop = asyncio.get_running_loop()
    connection: Answer | None = None
    while time.monotonic() < end:
        if connection is None or not connection.open:
            _, connection = await loop.create_connection(Answer, "127.0.0.1", port)
        started = time.monotonic()
        try:
            status, retry_after = await connection.ask(request)
        except ConnectionError:
            tally.other += 1
            continue
        if time.monotonic() > end:
            break  # answered after the run: not in its rate
        if status == 200:
            tally.answered_ms.append((time.monotonic() - started) * 1000)
        elif status == 503:
            tally.shed += 1
            if honour:
                await asyncio.sleep(retry_after)
        else:
            tally.other += 1


def drive(
    port: int,
    concurrency: int,
    seconds: float,
    honour: bool,
    cpus: set[int] | None,
    out: Connection,
) -> None:
    """In a process of its own: `concurrency` clients for `seconds`, then the tally."""
    pin(cpus)
    tally = Tally()
    request = verify_request(port)

    async def clients() -> None:
        end = time.monotonic() + seconds
        everyone = [one_client(port, request, end, honour, tally) for _ in range(concurrency)]
        with suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*everyone), seconds + LATE_ANSWER_GRACE_S)

    started = time.process_time()
    uvloop.run(clients())
    tally.cpu_s = time.process_time() - started
    out.send(tally)


def probe_healthz(port: int, seconds: float, cpus: set[int] | None, out: Connection) -> None:
    """In its own process, so its timings do not include the load generator's own delays."""
    pin(cpus)
    latencies = []
    with httpx.Client(timeout=10) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            with suppress(httpx.TransportError):  # a failure counts by its latency
                client.get(f"http://127.0.0.1:{port}/healthz")
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(PROBE_EVERY_S)
    out.send(latencies)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def one_run(
    server: tuple[int, int], concurrency: int, honour: bool, args: argparse.Namespace
) -> Run:
    port, pid = server
    tallies, send_tally = multiprocessing.Pipe(duplex=False)
    probes, send_probes = multiprocessing.Pipe(duplex=False)
    client_cpus = _cpus(args.client_cpus)
    workers = [
        multiprocessing.Process(
            target=drive, args=(port, concurrency, args.seconds, honour, client_cpus, send_tally)
        ),
        multiprocessing.Process(
            target=probe_healthz, args=(port, args.seconds, client_cpus, send_probes)
        ),
    ]
    cpu_before = cpu_seconds(pid)
    for worker in workers:
        worker.start()
    if not tallies.poll(args.seconds + LATE_ANSWER_GRACE_S + 30):
        raise RuntimeError("the load generator died; see its traceback above")
    tally: Tally = tallies.recv()
    server_cpu = cpu_seconds(pid) - cpu_before
    latencies: list[float] = probes.recv()
    for worker in workers:
        worker.join()
    return Run(
        answered_per_s=len(tally.answered_ms) / args.seconds,
        shed=tally.shed,
        other=tally.other,
        p50_ms=percentile(tally.answered_ms, 0.5),
        p99_ms=percentile(tally.answered_ms, 0.99),
        healthz_p99_ms=percentile(latencies, 0.99),
        server_cpu_s=server_cpu,
        client_cpu_s=tally.cpu_s,
        load_average=os.getloadavg()[0],
    )


def median_run(runs: list[Run]) -> Run:
    def median(name: str) -> float:
        return statistics.median(getattr(r, name) for r in runs)

    return Run(**{name: median(name) for name in Run.__dataclass_fields__})


def refusal_cpu_us(refusals: int = 10_000, rounds: int = 5) -> float:
    """CPU µs of one refusal at the door, the ASGI call alone (no server, no hold): best round."""

    async def admitted(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("every place is taken: nothing may be admitted")

    async def body_read() -> Message:
        raise AssertionError("a refused body is never read")

    async def sent(message: Message) -> None:
        pass

    async def rounds_of_refusals() -> float:
        workers = EvidenceWorkers("inline", 1, max_pending=1, warm_up=lambda: None)
        assert workers.try_take_place() is not None
        install(workers)
        door = Admission(admitted, {"/verify"})
        headers = [(b"content-type", b"application/json"), (b"content-length", b"5000")]
        best = float("inf")
        for round_ in range(rounds):
            started = time.process_time()
            for i in range(refusals):  # a new connection each time: none is held
                scope = {"type": "http", "method": "POST", "path": "/verify", "headers": headers}
                await door(
                    scope | {"client": ("127.0.0.1", round_ * refusals + i)}, body_read, sent
                )
            best = min(best, (time.process_time() - started) / refusals)
        install(None)
        return best * 1e6

    logging.getLogger("service.http.admission").setLevel(logging.ERROR)
    return asyncio.run(rounds_of_refusals())


def _cpus(text: str) -> set[int] | None:
    return {int(cpu) for cpu in text.split(",")} if text else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pools", default="process")
    parser.add_argument("--concurrency", default="16,64")
    parser.add_argument("--clients", default="honour,ignore", help="honour and/or ignore")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--client-cpus", default="", help="e.g. 1: the generator's CPUs")
    parser.add_argument("--server-cpus", default="", help="e.g. 0: the server's CPUs")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    pinned = f"client CPUs {args.client_cpus or 'any'}, server CPUs {args.server_cpus or 'any'}"
    print(
        f"fast /verify, seed 001 ({len(ARTICLE)} chars), {os.cpu_count()} cores ({pinned}); "
        f"median of {args.repeats} x {args.seconds:g} s; shed = 503 in one run; p50/p99 of the "
        "answered; CPU s in one run"
    )
    print(
        f"a refusal at the door: {refusal_cpu_us():.0f} µs of CPU (the ASGI call alone, best of 5)"
    )
    print(
        "| pool | Retry-After | concurrency | answered/s | shed | other | p50 ms | p99 ms "
        "| /healthz p99 ms | server CPU s | client CPU s | load avg |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for pool in args.pools.split(","):
        with serving(pool, _cpus(args.server_cpus)) as server:
            cells = [(c, level) for c in args.clients.split(",") for level in levels]
            runs: dict[tuple[str, int], list[Run]] = {cell: [] for cell in cells}
            # Round after round, so that a change in the machine's other load touches each
            # cell alike instead of all the runs of one.
            for _ in range(args.repeats):
                for clients, level in cells:
                    runs[clients, level].append(one_run(server, level, clients == "honour", args))
            for (clients, level), cell_runs in runs.items():
                print_row(pool, clients, level, median_run(cell_runs))
            for clients in args.clients.split(","):
                low, high = (median_run(runs[clients, level]) for level in (levels[0], levels[-1]))
                print(
                    f"\n{pool}, clients that {clients} Retry-After: answered/s at {levels[-1]} = "
                    f"{high.answered_per_s / low.answered_per_s:.0%} of the rate at {levels[0]}",
                    flush=True,
                )


def print_row(pool: str, clients: str, concurrency: int, r: Run) -> None:
    print(
        f"| {pool} | {clients} | {concurrency} | {r.answered_per_s:.1f} "
        f"| {r.shed:.0f} | {r.other:.0f} | {r.p50_ms:.0f} | {r.p99_ms:.0f} "
        f"| {r.healthz_p99_ms:.1f} | {r.server_cpu_s:.2f} | {r.client_cpu_s:.2f} "
        f"| {r.load_average:.2f} |",
        flush=True,
    )


if __name__ == "__main__":
    main()
