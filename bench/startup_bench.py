"""What the default install costs before any work: `deskcheck serve`'s processes and their
resident memory, its console, and `deskcheck verify --mode fast` from a cold start.

- serve: `deskcheck serve` on the default install (embedded backend, no DESKCHECK_ setting but
  a fresh data directory and a free port), left until /readyz answers 200 and the tree's
  resident memory has settled (evidence workers warm); then each process of the tree (the
  serving process, evidence workers, a model child if any) with its VmRSS from /proc, the
  sum, and what the console showed meanwhile (lines, model-probe lines); then the same after
  `--articles` fast /verify requests (a worker that served holds what its jobs import too).
- verify: `deskcheck verify SEED --mode fast`, a new interpreter each run, wall time from exec
  to exit; median of --runs (default 5). Then the same with `--url` to a served app (the
  article sent to it, nothing analysed in the command's process).

`--source DIR` runs another checkout's code (e.g. the main branch) with this venv, for a
before/after pair: `python bench/startup_bench.py --source /work/main`.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/articles/001_100bbb814b795ab1.txt"
_SETTLE_S = 5.0
"""The tree's memory counts as settled when it moved less than 1% over this long."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout whose code runs")
    parser.add_argument("--runs", type=int, default=5, help="cold runs of verify (median)")
    parser.add_argument("--skip-serve", action="store_true", help="only the verify timings")
    parser.add_argument(
        "--articles", type=int, default=8, help="fast /verify requests before the second count"
    )
    args = parser.parse_args()
    source = args.source.resolve()
    print(f"code from {source} ({_commit(source)}); {_load()}", flush=True)
    with (
        tempfile.TemporaryDirectory(prefix="deskcheck-startup-") as scratch,
        _serving(source, Path(scratch) / "var") as (url, server, console),
    ):
        if not args.skip_serve:
            report_serve(server, console)
            report_after_work(url, server, args.articles)
        report_verify(source, Path(scratch), url, args.runs)
    print(_load())


def report_serve(server: subprocess.Popen[bytes], console: Path) -> None:
    tree = _settled_tree(server.pid)
    total = sum(kib for _, _, kib in tree)
    print("== deskcheck serve, default install ==")
    for pid, role, kib in tree:
        print(f"  {role:<16} pid {pid:<7} {kib / 1024:7.1f} MB resident")
    print(f"  whole service: {total / 1024:.1f} MB resident in {len(tree)} process(es)")
    models = sum(role == "model child" for _, role, _ in tree)
    print(f"  model child running: {'yes' if models else 'no'}")
    lines = console.read_text(errors="replace").splitlines()
    probes = sum("/models" in line for line in lines)
    print(f"  console so far: {len(lines)} lines, {probes} about model probes", flush=True)


def report_after_work(url: str, server: subprocess.Popen[bytes], articles: int) -> None:
    """The same tree after it analysed `articles` fast /verify requests, two at a time so that
    each evidence worker takes some: a worker that served holds what its jobs import too."""
    body = json.dumps({"article": {"text": (ROOT / SEED).read_text()}, "mode": "fast"}).encode()

    def verify(_: int) -> int:
        request = urllib.request.Request(  # noqa: S310 - the loopback server started here
            url + "/verify", data=body, headers={"content-type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return int(response.status)

    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(verify, range(articles)))
    tree = _settled_tree(server.pid)
    print(
        f"== the same, after {articles} fast /verify requests (statuses {sorted(set(statuses))}) =="
    )
    for pid, role, kib in tree:
        print(f"  {role:<16} pid {pid:<7} {kib / 1024:7.1f} MB resident")
    print(f"  whole service: {sum(k for _, _, k in tree) / 1024:.1f} MB resident", flush=True)


def report_verify(source: Path, scratch: Path, url: str, runs: int) -> None:
    print(f"== deskcheck verify {SEED} --mode fast, cold, median of {runs} ==")
    env = _environment(source, scratch / "cli-var")
    command = [sys.executable, "-m", "service.cli", "verify", SEED, "--mode", "fast"]
    local = [_timed(command, env, source) for _ in range(runs)]
    _report("in-process", local)
    if not _knows_url(source, env):
        print("  --url: not in this checkout", flush=True)
        return
    remote = [_timed([*command, "--url", url], env, source) for _ in range(runs)]
    _report("--url", remote)


def _knows_url(source: Path, env: dict[str, str]) -> bool:
    command = [sys.executable, "-m", "service.cli", "verify", "--help"]
    done = subprocess.run(command, env=env, cwd=source, capture_output=True, check=False)  # noqa: S603
    return b"--url" in done.stdout


def _report(how: str, runs: list[tuple[float, float]]) -> None:
    """Wall time (what a person waits) and CPU time (what it costs: on a shared machine the
    wall time mostly measures the other jobs), each the median of the runs."""
    walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
    print(
        f"  {how:<11} wall median {statistics.median(walls):.2f} s (runs {_seconds(walls)}); "
        f"CPU median {statistics.median(cpus):.2f} s",
        flush=True,
    )


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)  # noqa: S603
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace")[-2000:])
    json.loads(done.stdout)  # it printed the report
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


@contextmanager
def _serving(source: Path, data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = _free_port()
    env = _environment(source, data_dir)
    console = data_dir.parent / "console.log"
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    with console.open("wb") as out:
        server = subprocess.Popen(command, env=env, cwd=source, stdout=out, stderr=out)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        _until_ready(url, server)
        yield url, server, console
    finally:
        server.terminate()
        server.wait(timeout=60)


def _environment(source: Path, data_dir: Path) -> dict[str, str]:
    """The default install: no DESKCHECK_ setting of the caller's leaks in, but the data dir."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DESKCHECK_")}
    return env | {"PYTHONPATH": str(source), "DESKCHECK_DATA_DIR": str(data_dir)}


def _until_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"deskcheck serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError("deskcheck serve was not ready within 300 s")


def _settled_tree(root: int) -> list[tuple[int, str, int]]:
    """The tree once its memory stopped growing (the evidence workers warm in the background)."""
    history: list[tuple[float, int]] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        tree = _tree(root)
        now, total = time.monotonic(), sum(kib for _, _, kib in tree)
        history.append((now, total))
        earlier = [kib for at, kib in history if now - at >= _SETTLE_S]
        if earlier and abs(total - earlier[-1]) < 0.01 * total:
            return tree
        time.sleep(1.0)
    return _tree(root)


def _tree(root: int) -> list[tuple[int, str, int]]:
    pids = [root]
    for pid in pids:
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            pids += [int(child) for child in children.read_text().split()]
    return [(pid, _role(pid, root), _rss_kib(pid)) for pid in pids if _rss_kib(pid)]


def _role(pid: int, root: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return "gone"
    if pid == root:
        return "serving process"
    if any("llama_cpp" in arg for arg in argv):
        return "model child"
    if any("multiprocessing" in arg for arg in argv):
        return "evidence worker" if "spawn_main" in " ".join(argv) else "mp helper"
    return " ".join(argv)[:40]


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _commit(source: Path) -> str:
    done = subprocess.run(  # noqa: S603 - git, with a path we were given
        ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown commit"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


if __name__ == "__main__":
    main()
