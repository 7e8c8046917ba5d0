"""Latency and token use of /summarize and /verify on the seeds, on the embedded model.

Median of N runs per endpoint and seed (default 3), through the real app and a freshly started
embedded model. Run: `python bench/endpoints_bench.py [--runs N]`.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds" / "articles").glob("*.txt"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as data_dir:
        # No answer cache: every run must reach the model.
        settings = Settings(llm_base_url=None, data_dir=Path(data_dir), llm_cache_entries=0)
        started = time.perf_counter()
        with TestClient(create_app(settings)) as client:
            while client.get("/readyz").status_code != 200:
                time.sleep(0.2)
            print(f"embedded model ready in {time.perf_counter() - started:.1f} s")
            print(
                f"{'endpoint':<11}{'seed':<26}{'median ms':>10}{'prompt tok':>11}"
                f"{'compl tok':>10}{'attempts':>9}  method"
            )
            for seed in SEEDS:
                for endpoint in ("/summarize", "/verify"):
                    _measure(client, endpoint, seed, runs)
    return 0


def _measure(client: TestClient, endpoint: str, seed: Path, runs: int) -> None:
    body = {"article": {"text": seed.read_text(encoding="utf-8")}}
    latencies, results = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.post(endpoint, json=body)
        latencies.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            print(
                f"{endpoint} {seed.name}: {response.status_code} {response.text}", file=sys.stderr
            )
            return
        results.append(response.json()["provenance"])
    usage = [r["usage"] for r in results]
    print(
        f"{endpoint:<11}{seed.name:<26}{statistics.median(latencies):>10.0f}"
        f"{statistics.median(u['prompt_tokens'] for u in usage):>11.0f}"
        f"{statistics.median(u['completion_tokens'] for u in usage):>10.0f}"
        f"{statistics.median(r['attempts'] for r in results):>9.0f}  "
        f"{'/'.join(sorted({r['method'] for r in results}))}"
    )


if __name__ == "__main__":
    sys.exit(main())
