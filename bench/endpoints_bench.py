"""The model's cost per article on the embedded model, from llama.cpp's own counts.

Per seed, /summarize then /verify in full mode, as a desk would call them: latency, model calls,
share of answers that passed validation, and the prompt tokens llama.cpp actually evaluated
(its log: prefix-cache hits are not evaluated) divided by the article's tokens. Then a repeated
identical request, answered from the response cache, and a 25,000-character article. Then a
per-task table: each model task (summary select, summary draft, flags, checker) run alone on a
fresh embedded server with no answer or response cache, on both seeds, with what it costs (calls,
evaluated prompt tokens over article tokens, median latency) and keeps (share of its answers that
passed validation); plus today's defaults.

Run: `python bench/endpoints_bench.py [--runs N] [--no-long] [--task-runs N] [--no-tasks]`.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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
_TASKS_OFF: dict[str, Any] = {"task_summary": "off", "task_flags": "off", "task_checker": "off"}
LONG_CHARS = 25_000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20, help="repeats of the cached request")
    parser.add_argument("--no-long", action="store_true", help="skip the 25,000-char article")
    parser.add_argument("--task-runs", type=int, default=3, help="runs per seed, per-task table")
    parser.add_argument("--no-tasks", action="store_true", help="skip the per-task table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        # No in-process answer cache: every first request must reach the model.
        # The model's tasks on: by default none runs on the embedded model, which then is not
        # started at all (the per-task table below measures today's defaults too).
        settings = Settings(
            llm_base_url=None,
            data_dir=Path(data_dir),
            llm_cache_entries=0,
            task_summary="on",
            task_flags="on",
        )
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
    if not args.no_tasks:
        _task_table(args.task_runs)
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
    evaluated, reused, _ = _log_calls(log, offset)
    return evaluated, reused


def _log_calls(log: Path, offset: int) -> tuple[int, int, int]:
    """`_log_counts`, and the completions llama.cpp logged (one timing report per call)."""
    with log.open("rb") as handle:
        handle.seek(offset)
        written = handle.read().decode("utf-8", "replace")
    counts = [int(m) for m in _EVALUATED.findall(written)]
    reused = sum(int(m) for m in _REUSED.findall(written))
    return sum(counts), reused, len(counts)


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


# --- per task: what each model task costs and keeps ------------------------------------------

# Summary sentences the deterministic check leaves `undecided` (each negates a word the article
# never negates), so that the checker is asked something: on the extractive summary every row is
# decided by code and the checker is never asked.
_PROBES = {
    "000": "Saldo did not name the enterprise that owned the vehicle. Saldo did not describe the "
    "damage to the commercial buildings. Saldo did not say whether the residential building in "
    "Pod-Kalinovka was hit.",
    "001": "Balitskiy did not say which facilities were hit. The governor did not urge residents "
    "to stay at home. The spokesperson did not describe the situation.",
}

Judge = Callable[[list[dict[str, Any]], dict[str, Any]], tuple[int, int, str]]
"""From one article's responses and its context: (answers validated, answers asked, kept)."""


@dataclass
class TaskRow:
    label: str
    settings: dict[str, Any]
    endpoints: tuple[str, ...]
    judge: Judge
    measured: tuple[str, ...] = ()  # seed prefixes reported; the others run unrecorded
    context: Callable[[TestClient, str], dict[str, Any]] = lambda client, text: {}


@dataclass
class Sample:
    ms: float
    evaluated: int
    calls: int
    validated: int
    asked: int
    kept: str
    skipped: list[str] = field(default_factory=list)


def _task_rows() -> list[TaskRow]:
    summarize, verify, both = ("/summarize",), ("/verify",), ("/summarize", "/verify")
    select = {"task_summary": "on", "summary_style": "select"}
    return [
        TaskRow("summary select", {**_TASKS_OFF, **select}, summarize, _judge_answers),
        TaskRow(
            "summary draft",
            {**_TASKS_OFF, "task_summary": "on", "summary_style": "draft"},
            summarize,
            _judge_answers,
        ),
        TaskRow("flags", {**_TASKS_OFF, "task_flags": "on"}, verify, _judge_answers),
        TaskRow(
            "checker, extractive summary",
            {**_TASKS_OFF, "task_checker": "on"},
            verify,
            _judge_checker,
            context=_extractive_context,
        ),
        TaskRow(
            "checker, undecided probes",
            {**_TASKS_OFF, "task_checker": "on"},
            verify,
            _judge_checker,
            context=_probe_context,
        ),
        TaskRow("defaults (summarize + verify)", {}, both, _judge_answers),
        TaskRow(
            "summary select + verify defaults", select, both, _judge_answers, measured=("001",)
        ),
    ]


def _extractive_context(client: TestClient, text: str) -> dict[str, Any]:
    fast = client.post("/summarize", json={"article": {"text": text}, "mode": "fast"})
    return _checker_context(client, text, fast.json()["summary"]["text"])


def _probe_context(client: TestClient, text: str) -> dict[str, Any]:
    seed = next(s for s in SEEDS if s.read_text(encoding="utf-8") == text)
    return _checker_context(client, text, _PROBES[seed.name[:3]])


def _checker_context(client: TestClient, text: str, summary: str) -> dict[str, Any]:
    """The summary, and how many of its rows code leaves to the checker (fast mode: no model)."""
    body = {"article": {"text": text}, "summary": summary, "mode": "fast"}
    rows = client.post("/verify", json=body).json()["summary_check"]
    undecided = sum(1 for row in rows if row["verdict"] == "undecided" and row["evidence"])
    return {"summary": summary, "undecided": undecided, "rows": len(rows)}


def _judge_answers(bodies: list[dict[str, Any]], ctx: dict[str, Any]) -> tuple[int, int, str]:
    """Model calls (re-asks included) vs answers that passed: one per endpoint that validated."""
    validated = asked = 0
    kept = []
    for body in bodies:
        attempts = body["provenance"]["attempts"]
        failed = any("failed validation" in w for w in body["warnings"])
        asked += attempts
        validated += 1 if attempts and not failed else 0
        if "summary" in body:
            kept.append(f"summary {body['provenance']['method']}")
        else:
            llm_flags = sum(1 for c in body["claims"] for f in c["flags"] if f["detector"] == "llm")
            kept.append(f"{llm_flags} llm flags")
    return validated, asked, ", ".join(kept)


def _judge_checker(bodies: list[dict[str, Any]], ctx: dict[str, Any]) -> tuple[int, int, str]:
    """Rows the checker decided vs rows sent to it (code's undecided rows, up to its limit)."""
    rows = bodies[0]["summary_check"]
    decided = sum(1 for row in rows if row["decided_by"] == "checker")
    sent = min(ctx["undecided"], Settings().checker_max_calls)
    return decided, sent, f"{decided}/{sent} rows decided of {ctx['rows']}"


def _task_table(runs: int) -> None:
    rows = _task_rows()
    results: list[tuple[TaskRow, dict[str, list[Sample]], dict[str, int]]] = []
    model = "?"
    for row in rows:
        print(f"per-task: {row.label} ...", flush=True)
        samples, tokens, model = _measure_row(row, runs)
        results.append((row, samples, tokens))
    seeds = [s.name[:3] for s in SEEDS]
    print(
        f"\nper-task table: backend embedded, model {model}, median of {runs} run(s) per seed, "
        "answer and response caches off, one task on per row (defaults: today's settings)"
    )
    head = (
        f"{'task':<34}{'valid':>12}{'calls/art':>10}  {'evaluated/article tokens':<26}"
        f"{'median latency s':<20}kept (first run)"
    )
    print(head)
    print("-" * len(head) + "-" * 20)
    for row, samples, tokens in results:
        measured = [seed for seed in seeds if seed in samples]
        every = [sample for seed in measured for sample in samples[seed]]
        validated = sum(s.validated for s in every)
        asked = sum(s.asked for s in every)
        valid = f"{validated}/{asked} {validated / asked:.0%}" if asked else "-  (none)"
        calls = statistics.mean(s.calls for s in every)
        ratios = " ".join(
            f"{seed}:{statistics.median(s.evaluated for s in samples[seed]) / tokens[seed]:.2f}"
            for seed in measured
        )
        latency = " ".join(
            f"{seed}:{statistics.median(s.ms for s in samples[seed]) / 1000:.1f}"
            for seed in measured
        )
        kept = "; ".join(f"{seed}: {samples[seed][0].kept}" for seed in measured)
        print(f"{row.label:<34}{valid:>12}{calls:>10.1f}  {ratios:<26}{latency:<20}{kept}")
        skipped = sorted({reason for s in every for reason in s.skipped})
        for reason in skipped:
            print(f"{'':<34}skipped: {reason}")
    print(
        "valid: answers that passed validation / model answers asked for (checker: rows it "
        "decided / rows sent); calls: completions in llama.cpp's log; evaluated: prompt tokens "
        "llama.cpp evaluated (prefix-cache hits excluded) / the article's numbered tokens. Seeds "
        "alternate, so each run finds the other article in llama.cpp's prefix cache."
    )


def _measure_row(row: TaskRow, runs: int) -> tuple[dict[str, list[Sample]], dict[str, int], str]:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            llm_base_url=None,
            data_dir=Path(data_dir),
            llm_cache_entries=0,
            response_cache_entries=0,
            **row.settings,
        )
        with TestClient(create_app(settings)) as client:
            while client.get("/readyz").status_code != 200:
                time.sleep(0.2)
            server = client.app.state.services.backend  # type: ignore[attr-defined]
            log = Path(data_dir) / "embedded-model.log"
            texts = {seed.name[:3]: seed.read_text(encoding="utf-8") for seed in SEEDS}
            tokens = {key: _article_tokens(server.base_url, text) for key, text in texts.items()}
            contexts = {key: row.context(client, text) for key, text in texts.items()}
            samples: dict[str, list[Sample]] = {}
            for _ in range(runs):
                for key, text in texts.items():
                    sample = _sample(client, log, row, text, contexts[key])
                    if not row.measured or key in row.measured:
                        samples.setdefault(key, []).append(sample)
            return samples, tokens, str(server.model)


def _sample(client: TestClient, log: Path, row: TaskRow, text: str, ctx: dict[str, Any]) -> Sample:
    offset = log.stat().st_size
    bodies = []
    t0 = time.perf_counter()
    for endpoint in row.endpoints:
        body: dict[str, Any] = {"article": {"text": text}}
        if "summary" in ctx:
            body["summary"] = ctx["summary"]
        response = client.post(endpoint, json=body)
        if response.status_code != 200:
            failed = f"{row.label} {endpoint}: {response.status_code} {response.text}"
            print(failed, file=sys.stderr)
        bodies.append(response.json())
    ms = (time.perf_counter() - t0) * 1000
    evaluated, _, calls = _log_calls(log, offset)
    validated, asked, kept = row.judge(bodies, ctx)
    skipped = [
        f"{task['task']}: {task['reason']}"
        for body in bodies
        for task in body.get("provenance", {}).get("tasks", [])
        if not task["ran"] and row.settings.get(f"task_{task['task']}") == "on"
    ]
    return Sample(ms, evaluated, calls, validated, asked, kept, skipped)


if __name__ == "__main__":
    sys.exit(main())
