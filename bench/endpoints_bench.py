"""The model's cost per article on the embedded model, from llama.cpp's own counts.

Per seed, /summarize then /verify in full mode, as a desk would call them: latency, model calls,
share of answers that passed validation, and the prompt tokens llama.cpp actually evaluated
(its log: prefix-cache hits are not evaluated) divided by the article's tokens. Then a repeated
identical request, answered from the response cache, and a 25,000-character article.

Run: `python bench/endpoints_bench.py [--runs N] [--no-long]`.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from service.llm.prompts import numbered_sentences
from service.text import build_document

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds" / "articles").glob("*.txt"))
_EVALUATED = re.compile(r"prompt eval time =\s*[\d.]+ ms /\s*(\d+) tokens")
_REUSED = re.compile(r"Llama\.generate: (\d+) prefix-match hit")
LONG_CHARS = 25_000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20, help="repeats of the cached request")
    parser.add_argument("--no-long", action="store_true", help="skip the 25,000-char article")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        # No in-process answer cache: every first request must reach the model.
        settings = Settings(llm_base_url=None, data_dir=Path(data_dir), llm_cache_entries=0)
        started = time.perf_counter()
        with TestClient(create_app(settings)) as client:
            while client.get("/readyz").status_code != 200:
                time.sleep(0.2)
            print(f"embedded model ready in {time.perf_counter() - started:.1f} s")
            server = client.app.state.services.backend  # type: ignore[attr-defined]
            log = Path(data_dir) / "embedded-model.log"
            print(
                f"{'seed':<26}{'endpoint':<11}{'ms':>8}{'calls':>6}{'valid':>6}"
                f"{'evaluated':>10}{'reused':>8}  method"
            )
            for seed in SEEDS:
                _one_read(client, server.base_url, log, seed.read_text(encoding="utf-8"), seed)
            _cached_latency(client, SEEDS[-1].read_text(encoding="utf-8"), args.runs)
            if not args.no_long:
                _long_article(client, SEEDS[-1].read_text(encoding="utf-8"))
    return 0


def _one_read(client: TestClient, base_url: str, log: Path, text: str, seed: Path) -> None:
    """Summarize then verify one article; the tokens llama.cpp evaluated, over the article's."""
    article_tokens = _article_tokens(base_url, text)
    evaluated_total = 0
    for endpoint in ("/summarize", "/verify"):
        offset = log.stat().st_size
        t0 = time.perf_counter()
        response = client.post(endpoint, json={"article": {"text": text}})
        ms = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            failed = f"{endpoint} {seed.name}: {response.status_code} {response.text}"
            print(failed, file=sys.stderr)
            return
        evaluated, reused = _log_counts(log, offset)
        evaluated_total += evaluated
        prov = response.json()["provenance"]
        valid = _valid_share(endpoint, response.json())
        print(
            f"{seed.name:<26}{endpoint:<11}{ms:>8.0f}{prov['attempts']:>6}{valid:>6}"
            f"{evaluated:>10}{reused:>8}  {prov['method']}"
        )
    print(
        f"{seed.name:<26}article read: {evaluated_total} tokens evaluated for summarize + verify "
        f"/ {article_tokens} article tokens (numbered, as the model sees it) = "
        f"{evaluated_total / article_tokens:.2f}"
    )


def _valid_share(endpoint: str, body: dict[str, Any]) -> str:
    """Share of the model's answers that passed validation (the last attempt, when any did)."""
    attempts = body["provenance"]["attempts"]
    if not attempts:
        return "-"
    passed = (
        body["provenance"]["method"] == "llm"
        if endpoint == "/summarize"
        else not any("failed validation" in w for w in body["warnings"])
    )
    return f"{(1 if passed else 0) / attempts:.0%}"


def _article_tokens(base_url: str, text: str) -> int:
    document = build_document(text)
    block = numbered_sentences([s.text for s in document.sentences])
    root = base_url.removesuffix("/v1")
    response = httpx.post(f"{root}/extras/tokenize", json={"input": block}, timeout=30)
    return len(response.json()["tokens"])


def _log_counts(log: Path, offset: int) -> tuple[int, int]:
    """Prompt tokens llama.cpp evaluated, and tokens it reused from its prefix cache."""
    with log.open("rb") as handle:
        handle.seek(offset)
        written = handle.read().decode("utf-8", "replace")
    evaluated = sum(int(m) for m in _EVALUATED.findall(written))
    reused = sum(int(m) for m in _REUSED.findall(written))
    return evaluated, reused


def _cached_latency(client: TestClient, text: str, runs: int) -> None:
    body = {"article": {"text": text}}
    client.post("/verify", json=body)  # answered already by _one_read, or now
    latencies, cached = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.post("/verify", json=body)
        latencies.append((time.perf_counter() - t0) * 1000)
        cached += response.json()["provenance"]["cached"]
    print(
        f"repeated identical /verify: median {statistics.median(latencies):.1f} ms over {runs} "
        f"runs, {cached}/{runs} from the response cache"
    )


def _long_article(client: TestClient, text: str) -> None:
    """Longer than the embedded model's 4,096-token context: read in parts, never a 502."""
    copies = [f"Update {n}.\n\n{text}" for n in range(LONG_CHARS // len(text) + 1)]
    long_text = "\n\n".join(copies)[:LONG_CHARS]
    for endpoint in ("/summarize", "/verify"):
        t0 = time.perf_counter()
        response = client.post(endpoint, json={"article": {"text": long_text}})
        seconds = time.perf_counter() - t0
        prov = response.json().get("provenance", {})
        print(
            f"{len(long_text):,}-char article {endpoint}: HTTP {response.status_code} in "
            f"{seconds:.0f} s, {prov.get('attempts')} calls, method {prov.get('method')}"
            + ("" if response.status_code == 200 else f": {response.text[:300]}")
        )


if __name__ == "__main__":
    sys.exit(main())
