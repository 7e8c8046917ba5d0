"""Analysis jobs: `deskcheck batch` through real `deskcheck worker` processes.

1. fast: 500 articles with 1 and then 2 workers; `deskcheck batch` draws its progress bars;
   articles/minute.
2. scaling: full mode against a fake OpenAI-compatible model server that answers after a fixed
   latency (--latency-ms), with 1 and then 2 workers: articles/minute.

Every figure is printed with the load average at its end and the workers' CPU per article
(user + system, measured from "worker ready" to the end of the batch): on a shared machine the
CPU figure says what the wall-clock one cannot.
   With --job-alone, the same batch again with workers whose analysis is looked up
   (bench/precomputed_worker.py): their CPU per article is the job around the analysis alone,
   measured rather than subtracted.
3. kill -9: 500 articles in full mode with 2 workers; one worker is killed with SIGKILL while it
   holds an item. Every item must end analysed exactly once (one summarize and one verify row,
   one `analysis.completed` audit entry, flag rows equal to the report's flags), none stranded,
   and no process of the killed worker left behind.
4. orphan: a worker on the embedded model (llama.cpp child) is killed with SIGKILL once its
   model child answers; the child must be gone (skipped without llama-cpp-python).

Articles: --articles FILE.jsonl (one article per line: text, title, outlet, url, published_at),
default $DESKCHECK_BENCH_ARTICLES or /work/scratch/data/polnear-train-500.jsonl (PolNeAR train
texts, kept outside the repository); without either, the seeds and eval cases, each made
distinct by a numbered dateline.

    python bench/jobs_bench.py [--articles FILE] [--broker redis://127.0.0.1:6379/15]
                               [--latency-ms 500] [--scale-articles 60] [--skip fast,kill,...]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from service.store import Database  # noqa: E402
from service.store.models import Analysis, AuditEntry, FlagRow, ReviewItem  # noqa: E402
from tests.fake_backend import completion, fake_backend  # noqa: E402

DEFAULT_ARTICLES = Path("/work/scratch/data/polnear-train-500.jsonl")


def main() -> int:
    args = _arguments()
    articles = _articles(args.articles, 500)
    skip = set(args.skip.split(",")) if args.skip else set()
    print(f"{len(articles)} distinct articles from {args.articles or 'the default source'}")
    print(f"broker: {args.broker or 'SQLite file (default)'}; store: SQLite file\n")
    failed = False
    if "fast" not in skip:
        failed |= not fast_batch(articles, args.broker)
    if args.job_alone:
        failed |= not job_alone(articles, args.broker)
    if "scaling" not in skip:
        scaling(articles[: args.scale_articles], args.broker, args.latency_ms)
    if "kill" not in skip:
        failed |= not kill_mid_batch(articles, args.broker, args.kill_latency_ms)
    if "orphan" not in skip:
        failed |= not orphan_check(args.broker)
    return 1 if failed else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=_default_articles())
    parser.add_argument("--broker", default=None, help="DESKCHECK_QUEUE_URL; default SQLite")
    parser.add_argument("--latency-ms", type=int, default=500)
    parser.add_argument("--kill-latency-ms", type=int, default=60)
    parser.add_argument("--scale-articles", type=int, default=60)
    parser.add_argument(
        "--job-alone", action="store_true", help="also: the fast batch, analysis looked up"
    )
    parser.add_argument("--skip", default="", help="comma-separated: fast,scaling,kill,orphan")
    return parser.parse_args()


def _default_articles() -> Path | None:
    chosen = os.environ.get("DESKCHECK_BENCH_ARTICLES")
    if chosen:
        return Path(chosen)
    return DEFAULT_ARTICLES if DEFAULT_ARTICLES.exists() else None


def _articles(source: Path | None, count: int) -> list[dict[str, Any]]:
    if source is not None:
        lines = source.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()][:count]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds/articles").glob("*.txt"))]
    for line in (ROOT / "eval/cases.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.loads(line)["text"])
    return [
        {"text": f"WIRE {n} -- {texts[n % len(texts)]}", "outlet": "bench", "url": f"bench:{n}"}
        for n in range(count)
    ]


# -- one run: a fresh store, N workers, `deskcheck batch` ---------------------------------------


class Run:
    def __init__(
        self,
        broker: str | None,
        model_url: str | None,
        lease_s: float = 6,
        worker: list[str] | None = None,
    ) -> None:
        self.worker = worker
        """The worker's command line, when not `deskcheck worker`."""
        self.dir = Path(tempfile.mkdtemp(prefix="deskcheck-jobs-bench-"))
        self.env = os.environ | {
            "PYTHONPATH": str(ROOT),
            "DESKCHECK_DATA_DIR": str(self.dir),
            "DESKCHECK_RESPONSE_CACHE_ENTRIES": "0",
            "DESKCHECK_LLM_MAX_ATTEMPTS": "1",
            "DESKCHECK_LLM_TRANSPORT_RETRIES": "0",
            "DESKCHECK_JOB_LEASE_S": str(lease_s),
            "DESKCHECK_QUEUE_POLL_MAX_S": "0.1",
        }
        if broker:
            self.env["DESKCHECK_QUEUE_URL"] = broker
            _flush_redis(broker)
        if model_url:
            self.env |= {"DESKCHECK_LLM_BASE_URL": model_url, "DESKCHECK_LLM_MODEL": "fake"}
        self.database().migrate()  # before the workers, which would otherwise race to create it
        self.workers: list[subprocess.Popen[bytes]] = []
        self.ready_cpu_s = 0.0
        self.tags: dict[int, str] = {}
        """Per worker pid, an environment tag its every descendant inherits."""

    def cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "service.cli", *args]

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.dir / f"worker-{len(self.workers)}.log").open("wb")
        tag = f"{self.dir.name}-{len(self.workers)}"
        env = self.env | {"DESKCHECK_BENCH_TAG": tag}
        worker = subprocess.Popen(  # noqa: S603
            self.worker or self.cli("worker"),
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        self.tags[worker.pid] = tag
        return worker

    def wait_ready(self, timeout_s: float = 180) -> None:
        deadline = time.monotonic() + timeout_s
        logs = [self.dir / f"worker-{n}.log" for n in range(len(self.workers))]
        while time.monotonic() < deadline:
            if all(log.exists() and b"worker ready" in log.read_bytes() for log in logs):
                self.ready_cpu_s = self.workers_cpu_s()
                return
            time.sleep(0.2)
        raise TimeoutError(f"workers not ready after {timeout_s}s: see {self.dir}")

    def workers_cpu_s(self) -> float:
        """User + system CPU seconds of the live workers so far (their threads included)."""
        return sum(_cpu_s(worker.pid) for worker in self.workers if worker.poll() is None)

    def batch(self, articles: list[dict[str, Any]], mode: str) -> tuple[dict[str, Any], float]:
        """Runs `deskcheck batch` in the foreground, its progress bars on this terminal."""
        source = self.dir / "articles.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603
            self.cli("batch", str(source), "--mode", mode),
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            check=False,
        )
        seconds = time.monotonic() - started
        return json.loads(done.stdout.decode().strip().splitlines()[-1]), seconds

    def database(self) -> Database:
        return Database(f"sqlite:///{self.dir / 'deskcheck.sqlite3'}")

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGINT)
        for worker in self.workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()


@contextmanager
def _run(
    broker: str | None, model_url: str | None, workers: int, worker: list[str] | None = None
) -> Iterator[Run]:
    """Fresh store and broker; the workers have warmed up (lexicons loaded) when it yields."""
    run = Run(broker, model_url, worker=worker)
    for _ in range(workers):
        run.start_worker()
    run.wait_ready()
    try:
        yield run
    finally:
        run.stop()


def _flush_redis(url: str) -> None:
    if url.startswith("redis"):
        import redis

        redis.Redis.from_url(url).flushdb()


@contextmanager
def _model_server(latency_ms: int) -> Iterator[str]:
    """Answers every call after a fixed latency with JSON the checks refuse, so each article
    costs the same calls (summary draft, flags) and falls back the same way."""
    reply = completion("{}")
    reply.delay_s = latency_ms / 1000
    with fake_backend(reply) as backend:
        yield backend.base_url


# -- the four measurements ----------------------------------------------------------------------


BEFORE_FAST = (
    "before (b381fb4, one job per article; load average 7-12 on 2 cores): workers' CPU "
    "29-34 ms per article, the analysis alone 24-27 ms, the job around it about 13 ms "
    "(py-spy: 38% of the worker's samples outside the analysis); 2 vs 1 worker x1.15-1.35"
)
"""The figures this benchmark printed before analysis jobs were grouped, for comparison."""


def fast_batch(articles: list[dict[str, Any]], broker: str | None) -> bool:
    print(f"== fast mode: {len(articles)} articles ==", flush=True)
    rates, complete = {}, True
    alone = _analysis_alone_ms(articles)
    print(f"the analysis alone (in one process, no job): {alone:.1f} ms CPU per article; {_load()}")
    for workers in (1, 2):
        with _run(broker, None, workers) as run:
            summary, seconds = run.batch(articles, "fast")
            cpu = run.workers_cpu_s() - run.ready_cpu_s
        rates[workers] = summary["articles_per_minute"]
        complete &= summary["counts"] == {"done": len(articles)}
        job_ms = 1000 * cpu / len(articles) - alone
        print(f"{workers} worker(s): {json.dumps(summary)}", flush=True)
        print(
            f"  wall {seconds:.1f} s; {_cpu_per_article(cpu, articles)} "
            f"(the job around the analysis: {job_ms:.1f} ms); {_load()}",
            flush=True,
        )
    print(f"fast, 2 vs 1 worker: x{rates[2] / rates[1]:.2f}", flush=True)
    print(f"{BEFORE_FAST}\n", flush=True)
    return complete


_ANALYSIS_ALONE = """
import json, sys, time
from schemas.common import ArticleIn
from service.analyze.fast import fast_analysis
from service.config import get_settings
settings = get_settings()
articles = [ArticleIn(**json.loads(line)) for line in sys.stdin if line.strip()]
fast_analysis(articles[0], 5, None, settings)  # loads the tables, as a worker's warm-up does
started = time.process_time()
for article in articles:
    fast_analysis(article, 5, None, settings)
print(1000 * (time.process_time() - started) / len(articles))
"""


def _analysis_alone_ms(articles: list[dict[str, Any]]) -> float:
    """CPU per article of the fast analysis itself, on the same articles, in a fresh process:
    what a worker's CPU per article is compared with (on a shared machine both grow alike)."""
    lines = "".join(json.dumps(a) + "\n" for a in articles)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _ANALYSIS_ALONE],
        input=lines.encode(),
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        check=True,
    )
    return float(done.stdout.decode().strip().splitlines()[-1])


_PRECOMPUTE = """
import pickle, sys, json
from schemas.common import ArticleIn
from service.analyze.fast import fast_analysis
from service.config import get_settings
settings = get_settings()
articles = [ArticleIn(**json.loads(line)) for line in sys.stdin if line.strip()]
results = {a.text: fast_analysis(a, 5, None, settings) for a in articles}
open(sys.argv[1], "wb").write(pickle.dumps(results))
"""


def job_alone(articles: list[dict[str, Any]], broker: str | None) -> bool:
    """The fast batch with 1 and 2 workers whose analysis is looked up: their CPU per article
    is what the job around the analysis costs (claim, reads, write, audit, broker, polling)."""
    print(f"== the job alone (analysis looked up): {len(articles)} articles ==", flush=True)
    results = Path(tempfile.mkdtemp(prefix="deskcheck-jobs-bench-")) / "results.pickle"
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", _PRECOMPUTE, str(results)],
        input="".join(json.dumps(a) + "\n" for a in articles).encode(),
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        check=True,
    )
    worker = [sys.executable, str(ROOT / "bench/precomputed_worker.py"), str(results)]
    complete = True
    for workers in (1, 2):
        with _run(broker, None, workers, worker) as run:
            summary, seconds = run.batch(articles, "fast")
            cpu = run.workers_cpu_s() - run.ready_cpu_s
        complete &= summary["counts"] == {"done": len(articles)}
        print(
            f"{workers} worker(s): the job {1000 * cpu / len(articles):.2f} ms CPU per article; "
            f"wall {seconds:.1f} s (queued in {summary['queued_in_seconds']} s); {_load()}",
            flush=True,
        )
    return complete


def scaling(articles: list[dict[str, Any]], broker: str | None, latency_ms: int) -> None:
    print(f"== full mode, fake model at {latency_ms} ms per call: {len(articles)} articles ==")
    rates = {}
    with _model_server(latency_ms) as model_url:
        for workers in (1, 2):
            with _run(broker, model_url, workers) as run:
                summary, _ = run.batch(articles, "full")
                cpu = run.workers_cpu_s() - run.ready_cpu_s
            rates[workers] = summary["articles_per_minute"]
            print(f"{workers} worker(s): {json.dumps(summary)}", flush=True)
            print(f"  {_cpu_per_article(cpu, articles)}; {_load()}", flush=True)
    print(f"full, 2 vs 1 worker: x{rates[2] / rates[1]:.2f}\n", flush=True)


def _cpu_per_article(cpu_s: float, articles: list[dict[str, Any]]) -> str:
    return f"workers' CPU {1000 * cpu_s / len(articles):.0f} ms per article"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def kill_mid_batch(articles: list[dict[str, Any]], broker: str | None, latency_ms: int) -> bool:
    print(f"== kill -9 of a worker mid-batch: {len(articles)} articles, full mode, 2 workers ==")
    with _model_server(latency_ms) as model_url, _run(broker, model_url, 2) as run:
        victim = run.workers[0]
        killer = _kill_when_holding(run, victim)
        summary, seconds = run.batch(articles, "full")
        killed_at = killer()
        left = _tagged_alive(run.tags[victim.pid])
        verdict = _exactly_once(run.database())
    print(f"{json.dumps(summary)}\nwall {seconds:.1f} s; worker {victim.pid} killed {killed_at}")
    print(_load())
    print(f"{json.dumps(verdict)}; processes of the killed worker still alive: {len(left)}\n")
    return (
        verdict["analysed_exactly_once"] == len(articles) and not left and not verdict["stranded"]
    )


def _kill_when_holding(run: Run, victim: subprocess.Popen[bytes]) -> Any:
    """Start watching in the background; kill the victim as soon as it holds an item."""
    import threading

    state: dict[str, str] = {}

    def watch() -> None:
        db = run.database()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                with db.session() as session:
                    held = session.scalar(
                        select(ReviewItem.id).where(ReviewItem.claimed_by.like(f"%/{victim.pid}/%"))
                    )
            except Exception:  # the store is created by the batch command: not there yet
                held = None
            if held:
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                state["at"] = f"while holding item {held}"
                return
            time.sleep(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return lambda: (thread.join(timeout=1), state.get("at", "never: it held nothing"))[1]


def _exactly_once(db: Database) -> dict[str, int]:
    with db.session() as session:
        items = session.scalars(select(ReviewItem)).all()
        analyses = dict(
            session.execute(select(Analysis.item_id, func.count()).group_by(Analysis.item_id)).all()
        )
        flags = dict(
            session.execute(select(FlagRow.item_id, func.count()).group_by(FlagRow.item_id)).all()
        )
        completed = dict(
            session.execute(
                select(AuditEntry.target, func.count())
                .where(AuditEntry.action == "analysis.completed")
                .group_by(AuditEntry.target)
            ).all()
        )
        requeued = session.scalar(
            select(func.count()).where(AuditEntry.action == "analysis.requeued")
        )
        once = 0
        for item in items:
            report = _report_flags(session, item.id)
            once += (
                item.analysis_state == "done"
                and analyses.get(item.id) == 2
                and completed.get(f"item:{item.id}") == 1
                and flags.get(item.id, 0) == report == item.flag_count
            )
    return {
        "items": len(items),
        "analysed_exactly_once": once,
        "stranded": sum(i.analysis_state not in ("done", "failed") for i in items),
        "failed": sum(i.analysis_state == "failed" for i in items),
        "requeued_after_kill": requeued or 0,
    }


def _report_flags(session: Any, item_id: str) -> int:
    report = session.scalar(
        select(Analysis.result).where(Analysis.item_id == item_id, Analysis.kind == "verify")
    )
    return sum(len(c["flags"]) for c in report["claims"]) if report else -1


def _tagged_alive(tag: str) -> list[int]:
    """Live processes started by one worker or its children (re-parented ones included)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"DESKCHECK_BENCH_TAG={tag}".encode() in environ and _state(int(entry.name)) != "Z":
                alive.append(int(entry.name))
    return alive


def orphan_check(broker: str | None) -> bool:
    print("== kill -9 of a worker running the embedded model ==", flush=True)
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        print("skipped: llama-cpp-python is not installed\n")
        return True
    run = Run(broker, None, lease_s=6)
    run.env["DESKCHECK_TASK_FLAGS"] = "on"  # a task that calls it, or no model child starts
    worker = run.start_worker()
    run.batch_async = subprocess.Popen(  # type: ignore[attr-defined]  # noqa: S603
        run.cli("batch", str(_one_article(run)), "--mode", "full", "--no-wait"),
        env=run.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    child = _wait_for_child(worker.pid, "llama_cpp.server", timeout_s=180)
    if child is None:
        print("the worker started no model child within 180 s\n")
        run.stop()
        return False
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    time.sleep(1.0)
    left = _tagged_alive(run.tags[worker.pid])
    print(f"worker {worker.pid} killed after starting model child {child}; left alive: {left}\n")
    return not left


def _one_article(run: Run) -> Path:
    source = run.dir / "one.jsonl"
    text = (ROOT / "seeds/articles").glob("*.txt").__next__().read_text(encoding="utf-8")
    source.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    return source


def _wait_for_child(parent: int, marker: str, timeout_s: float) -> int | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == parent and marker.encode() in command:
                return int(entry.name)
        time.sleep(0.5)
    return None


def _cpu_s(pid: int) -> float:
    try:
        fields = (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _state(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


if __name__ == "__main__":
    sys.exit(main())
