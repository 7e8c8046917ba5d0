"""Batches: idempotent per article (text hash + outlet + url), counted per analysis state."""

import io
import json
from pathlib import Path

import pytest

from schemas.common import ArticleIn
from schemas.review import BatchRequest
from service.errors import BadArticle
from service.jobs import cli
from service.review.batches import submit_batch
from service.review.context import Actor
from tests.desk import Desk
from tests.jobs.conftest import Jobs

EDITOR = Actor("editor", None)
TEXTS = [
    f"The mayor said bridge {n} will reopen on Monday. Officials gave no details." for n in range(4)
]


def _batch(texts: list[str], outlet: str = "Wire") -> BatchRequest:
    return BatchRequest(
        articles=[
            ArticleIn(text=t, outlet=outlet, url=f"https://x/{i}") for i, t in enumerate(texts)
        ],
        mode="fast",
    )


def test_resubmitting_a_batch_returns_the_existing_items(jobs: Jobs) -> None:
    first = submit_batch(jobs.database, jobs.settings, jobs.queue, _batch(TEXTS), EDITOR)
    again = submit_batch(jobs.database, jobs.settings, jobs.queue, _batch(TEXTS), EDITOR)
    assert [e.item_id for e in again.items] == [e.item_id for e in first.items]
    assert [e.created for e in first.items + again.items] == [True] * 4 + [False] * 4
    assert jobs.queue.pending() == 4


def test_the_same_text_from_another_outlet_is_another_item(jobs: Jobs) -> None:
    first = submit_batch(jobs.database, jobs.settings, jobs.queue, _batch(TEXTS[:1]), EDITOR)
    other = submit_batch(
        jobs.database, jobs.settings, jobs.queue, _batch(TEXTS[:1], outlet="Other"), EDITOR
    )
    assert other.items[0].created and other.items[0].item_id != first.items[0].item_id


def test_a_batch_over_http_is_analysed_and_counted(desk: Desk) -> None:
    body = {"articles": [{"text": t} for t in TEXTS], "mode": "fast"}
    created = desk.post("/review/batches", "submitter", body)
    assert created.status_code == 201
    batch_id = created.json()["id"]
    for entry in created.json()["items"]:
        desk.analysed(entry["item_id"])
    view = desk.get(f"/review/batches/{batch_id}", "submitter").json()
    assert (view["total"], view["counts"], view["finished"]) == (4, {"done": 4}, True)


def test_an_unknown_batch_is_404(desk: Desk) -> None:
    response = desk.get("/review/batches/nope", "submitter")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


def test_articles_are_read_from_a_folder_and_from_json_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"text": "Second.", "outlet": "AP"}))
    (tmp_path / "notes.md").write_text("not an article")
    assert [a.text for a in cli.read_articles(str(tmp_path))] == ["First article.", "Second."]

    lines = json.dumps(
        {"text": "Third.", "title": "T", "published_at": "2026-11-21T17:09:00+03:00"}
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(lines + "\n\n"))
    (article,) = cli.read_articles("-")
    assert (article.title, article.published_at is not None) == ("T", True)


def test_a_bad_json_line_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "feed.jsonl"
    source.write_text('{"text": "ok"}\n{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(BadArticle, match=r"feed.jsonl:2: text"):
        list(cli.read_articles(str(source)))
