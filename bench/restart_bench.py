"""How fast the embedded model comes back after its child is killed, with no restart of deskcheck.

Starts the app on the real embedded model, then, `--kills` times: kill -9 the llama.cpp child
(idle, or with `--mid-request` in the middle of a /summarize call that makes the model draft),
and poll /readyz every 50 ms until it answers 200. Prints each run's seconds from the kill to
ready and the /readyz states seen on the way, then the median.

Kills in a row meet the crash-loop backoff (0.5 s, 1 s, 2 s, ...); `--pause 61` between kills
lets the backoff reset, so each run measures a first restart.

Run: `python bench/restart_bench.py [--kills N] [--mid-request] [--pause S]`.
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings

SEED = Path(__file__).resolve().parent.parent / "seeds" / "articles" / "000_7164c3a58de98ac3.txt"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--mid-request", action="store_true", help="kill during a model call")
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds of service between kills; 61 resets the backoff, so each run measures "
        "a first restart (0: kills in a row, each restart waits twice as long as the last)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            llm_base_url=None,
            data_dir=Path(data_dir),
            task_summary="on",
            llm_cache_entries=0,
            response_cache_entries=0,
        )
        with TestClient(create_app(settings)) as client:
            print(f"first start: {' -> '.join(states_until_ready(client)[1])}")
            seconds = []
            for _ in range(args.kills):
                time.sleep(args.pause)
                seconds.append(one_kill(client, args.mid_request))
    print(
        f"kill -9 to ready ({'mid-request' if args.mid_request else 'idle'}), "
        f"{len(seconds)} runs: median {statistics.median(seconds):.2f} s, "
        f"min {min(seconds):.2f} s, max {max(seconds):.2f} s"
    )
    return 0


def one_kill(client: TestClient, mid_request: bool) -> float:
    backend = client.app.state.services.backend  # type: ignore[attr-defined]
    statuses: list[int] = []
    call = threading.Thread(target=lambda: statuses.append(summarize(client)))
    if mid_request:
        call.start()
        while backend.load.in_flight == 0:
            time.sleep(0.01)
        time.sleep(1.0)  # well inside the model's reading of the article
    pid = backend.embedded.pid
    killed = time.perf_counter()
    os.kill(pid, signal.SIGKILL)
    # Until the supervisor has reaped it, a child dying this instant may still look alive.
    while backend.embedded.pid == pid and backend.embedded.exit_status() is None:
        time.sleep(0.01)
    took, states = states_until_ready(client)
    took -= killed
    if mid_request:
        call.join()
    cut = f", the call in flight got {statuses[0]}" if statuses else ""
    print(f"  pid {pid}: ready after {took:.2f} s via {' -> '.join(states)}{cut}", flush=True)
    return took


def summarize(client: TestClient) -> int:
    body = {"article": {"text": SEED.read_text()}, "mode": "full"}
    return client.post("/summarize", json=body).status_code


def states_until_ready(client: TestClient) -> tuple[float, list[str]]:
    seen: list[str] = []
    while True:
        response = client.get("/readyz")
        state = f"{response.json()['state']}({response.status_code})"
        if not seen or seen[-1] != state:
            seen.append(state)
        if response.status_code == 200:
            return time.perf_counter(), seen
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
