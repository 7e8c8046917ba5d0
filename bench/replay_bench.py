"""Does the desk learn? Replay a public dev set's gold labels as an editor's decisions, apply
what the desk proposes, and score the other half before and after.

Run: `python bench/replay_bench.py ptc PATH` (PTC: a folder with `train-articles/` and
`train-task2-TC.labels`, scored on Loaded_Language) or `python bench/replay_bench.py polnear
PATH` (PolNeAR: `text/` and `attributions/`, scored on who says what). Optional: `--store DIR`
(default: a new temporary directory, deleted after; a store replayed before is not replayed
again, only its proposals applied: thresholds can be compared on one replay), `--limit N`
(articles of each half).

The articles are split in two halves by a hash of their name (reproducible, no order bias).
The first half goes through the desk's HTTP API, as a newsroom's editors would use it: each
article submitted (fast mode, in batches) and analysed by the desk's own worker; then, per
article, every flag the replay can judge is decided (`accept` what the gold labels confirm,
`reject` the rest) and every gold span no flag found is added as the editor's own flag. An
admin then applies every proposal the desk makes (`POST /review/learning/rules`). The second
half is scored with `deskcheck eval`'s own scorers (service/eval) twice: with the shipped
detectors, and with the newsroom's overlay as the store now holds it.

What each set's gold can judge:
- PTC: `loaded_language` flags: accepted when they overlap a gold Loaded_Language span; each
  gold span no flag overlaps is added as a `loaded_language` flag of the editor's.
- PolNeAR: sourcing flags. `anonymous_source` accepted when a gold relation's source (or, for
  a relation without one, its content) overlaps it; `unattributed_assertion` rejected when a
  gold relation's content overlaps it (the article does attribute it), accepted otherwise; a
  gold relation without a source that no `anonymous_source` flag covers is added as one, on
  its cue.

The data and the overlay learnt from it stay in the store under `--store`: research-only data,
never shipped, never committed.
"""

import argparse
import hashlib
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from service.auth.keys import create_key
from service.config import Settings
from service.eval.fast import FastRunner
from service.eval.figures import PublicReport
from service.eval.polnear import PolnearArticle, load_polnear, score_polnear
from service.eval.ptc import PtcArticle, load_ptc, score_ptc
from service.eval.score import overlaps
from service.http.deps import Services
from service.review.learning import active_overlay

Span = tuple[int, int]
_BATCH = 50
_NOTE = "replayed from the data set's gold labels"


@dataclass(frozen=True)
class Gold:
    """One article of the replayed half: its text and what the editor knows of it."""

    name: str
    text: str
    judge: Callable[[dict[str, Any]], str | None]
    """A flag (as the API shows it) -> `accept`, `reject`, or None: not judged by this set."""
    missed: Callable[[list[dict[str, Any]]], list[tuple[Span, str]]]
    """The item's flags -> the spans the editor adds, with their flag type."""


@dataclass
class Tally:
    accepted: int = 0
    rejected: int = 0
    added: int = 0

    @property
    def decisions(self) -> int:
        return self.accepted + self.rejected + self.added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=("ptc", "polnear"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    with _store_dir(args.store) as store:
        return _run(args.dataset, args.path, store, args.limit)


def _run(dataset: str, path: Path, store: Path, limit: int) -> int:
    settings = Settings(
        data_dir=store,
        llm_base_url="http://127.0.0.1:9/v1",  # fast mode never calls it
        embedded_workers=1,
        queue_poll_max_s=0.05,
        response_cache_entries=0,
    )
    train, held = _halves(dataset, path, limit)
    print(f"{dataset}: replaying {len(train)} articles, scoring {len(held)} held back")
    started = time.process_time()
    with TestClient(create_app(settings)) as client:
        services: Services = client.app.state.services  # type: ignore[attr-defined]
        keys = _keys(services)
        if _replayed(client, keys["admin"]):
            print("the store holds a replay already: only its proposals are applied")
        else:
            tally = _replay(client, keys, [_gold(dataset, article) for article in train])
            print(
                f"decisions replayed: {tally.decisions} ({tally.accepted} accepted, "
                f"{tally.rejected} rejected, {tally.added} added by hand)"
            )
        applied = _apply_all(client, keys["admin"])
        overlay = active_overlay(services.database)
    print(
        f"proposals applied: {dict(applied)} ({time.process_time() - started:.0f} s CPU); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    before = _score(dataset, held, settings, path)
    after = _score(dataset, held, settings.model_copy(update={"learnt_overlay": overlay}), path)
    for title, report in (("before", before), ("after", after)):
        print(f"--- {title} (shipped detectors{' + overlay' if title == 'after' else ''})")
        for section in report.sections:
            for figure in section.figures:
                value = "-" if figure.value is None else f"{figure.value:.4f}"
                print(f"{section.title}: {figure.name} {value} (over {figure.over} {figure.unit})")
    return 0


@contextmanager
def _store_dir(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="replay-") as folder:
        yield Path(folder)


def _halves(dataset: str, path: Path, limit: int) -> tuple[list[Any], list[Any]]:
    """Replayed and held-back halves, split by a hash of each article's name."""
    articles: list[Any] = load_ptc(path) if dataset == "ptc" else load_polnear(path)[0]
    first: list[Any] = []
    second: list[Any] = []
    for article in articles:
        name = article.id if dataset == "ptc" else article.name
        (first if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else second).append(article)
    return (first[:limit], second[:limit]) if limit else (first, second)


def _keys(services: Services) -> dict[str, str]:
    with services.database.session() as session:
        return {
            role: create_key(session, f"replay-{role}-{uuid.uuid4().hex[:8]}", role)[1]
            for role in ("submitter", "editor", "admin")
        }


# ---- the editor ----


def _replay(client: TestClient, keys: dict[str, str], golds: list[Gold]) -> Tally:
    tally = Tally()
    for start in range(0, len(golds), _BATCH):
        chunk = golds[start : start + _BATCH]
        ids = _submit(client, keys["submitter"], chunk)
        for gold, item_id in zip(chunk, ids, strict=True):
            _decide(client, keys["editor"], gold, _analysed(client, keys["editor"], item_id), tally)
        print(f"  {start + len(chunk)} of {len(golds)} replayed", file=sys.stderr)
    return tally


def _submit(client: TestClient, key: str, golds: list[Gold]) -> list[str]:
    body = {"articles": [{"text": gold.text} for gold in golds], "mode": "fast"}
    response = client.post("/review/batches", json=body, headers=_auth(key))
    response.raise_for_status()
    return [entry["item_id"] for entry in response.json()["items"]]


def _analysed(client: TestClient, key: str, item_id: str) -> dict[str, Any]:
    while True:
        progress = client.get(f"/review/items/{item_id}/progress", headers=_auth(key)).json()
        if progress["finished"]:
            item: dict[str, Any] = client.get(f"/review/items/{item_id}", headers=_auth(key)).json()
            return item
        time.sleep(0.05)


def _decide(client: TestClient, key: str, gold: Gold, item: dict[str, Any], tally: Tally) -> None:
    base = f"/review/items/{item['id']}"
    for flag in item["flags"]:
        decision = gold.judge(flag)
        if decision is None:
            continue
        body = {"decision": decision, "note": _NOTE, "expected_version": flag["version"]}
        response = client.post(f"{base}/flags/{flag['id']}/decision", json=body, headers=_auth(key))
        response.raise_for_status()
        tally.accepted += decision == "accept"
        tally.rejected += decision == "reject"
    for (start, end), flag_type in gold.missed(item["flags"]):
        body = {"start": start, "end": end, "type": flag_type, "note": _NOTE}
        response = client.post(f"{base}/flags", json=body, headers=_auth(key))
        if response.status_code == 422:  # a gold span of whitespace only: nothing to flag
            continue
        response.raise_for_status()
        tally.added += 1


def _replayed(client: TestClient, key: str) -> bool:
    queue = client.get("/review/items", params={"limit": 1}, headers=_auth(key)).json()
    return bool(queue["items"])


def _apply_all(client: TestClient, key: str) -> Counter[str]:
    """Every proposal, as an admin who trusts the desk would; what was applied, per action."""
    for rule in client.get("/review/learning", headers=_auth(key)).json()["rules"]:
        if rule["active"]:  # a store replayed before: its earlier rules make way for these
            path = f"/review/learning/rules/{rule['id']}/revert"
            client.post(path, headers=_auth(key)).raise_for_status()
    proposals = client.get("/review/learning", headers=_auth(key)).json()["proposals"]
    fields = ("action", "flag_type", "detector", "term", "outlet")
    for proposal in proposals:
        body = {name: proposal[name] for name in fields}
        client.post("/review/learning/rules", json=body, headers=_auth(key)).raise_for_status()
    return Counter(proposal["action"] for proposal in proposals)


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# ---- what each data set's gold says ----


def _gold(dataset: str, article: Any) -> Gold:
    return _ptc_gold(article) if dataset == "ptc" else _polnear_gold(article)


def _ptc_gold(article: PtcArticle) -> Gold:
    def judge(flag: dict[str, Any]) -> str | None:
        if flag["type"] != "loaded_language" or flag["detector"] == "editor":
            return None
        hit = any(overlaps(flag["start"], flag["end"], *span) for span in article.gold)
        return "accept" if hit else "reject"

    def missed(flags: list[dict[str, Any]]) -> list[tuple[Span, str]]:
        found = [(f["start"], f["end"]) for f in flags if f["type"] == "loaded_language"]
        return [
            (span, "loaded_language")
            for span in article.gold
            if not any(overlaps(*span, *flag) for flag in found)
        ]

    return Gold(f"article{article.id}", article.text, judge, missed)


def _polnear_gold(article: PolnearArticle) -> Gold:
    relations = article.relations

    def judge(flag: dict[str, Any]) -> str | None:
        span = (flag["start"], flag["end"])
        if flag["detector"] == "editor":
            return None
        if flag["type"] == "anonymous_source":
            sourced = any(
                any(overlaps(*span, *part) for part in (r.source or r.content)) for r in relations
            )
            return "accept" if sourced else "reject"
        if flag["type"] == "unattributed_assertion":
            attributed = any(any(overlaps(*span, *part) for part in r.content) for r in relations)
            return "reject" if attributed else "accept"
        return None

    def missed(flags: list[dict[str, Any]]) -> list[tuple[Span, str]]:
        found = [(f["start"], f["end"]) for f in flags if f["type"] == "anonymous_source"]
        added = []
        for relation in relations:
            if relation.source or not relation.cue:
                continue
            if not any(overlaps(*part, *flag) for part in relation.content for flag in found):
                added.append((relation.cue[0], "anonymous_source"))
        return added

    return Gold(article.name, article.text, judge, missed)


# ---- scoring the held-back half, with deskcheck eval's scorers ----


def _score(dataset: str, held: list[Any], settings: Settings, path: Path) -> PublicReport:
    with FastRunner(settings) as runner:
        if dataset == "ptc":
            return score_ptc(held, runner, str(path))
        return score_polnear(held, runner, str(path), [])


if __name__ == "__main__":
    os.environ.setdefault("DESKCHECK_LOG_LEVEL", "WARNING")
    sys.exit(main())
