"""`deskcheck batch`: queues a feed with a summary on stdout; a re-run queues nothing new; its
articles are read from a folder, a .jsonl file or standard input."""

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.cli import main
from service.config import get_settings
from service.errors import BadArticle
from service.review.batch_files import read_articles


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DESKCHECK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _feed(folder: Path) -> Path:
    feed = folder / "feed.jsonl"
    lines = [{"text": f"The mayor said bridge {n} reopens Monday.", "outlet": "AP"} for n in (1, 2)]
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return feed


def test_a_batch_is_queued_once_however_often_it_is_sent(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = _feed(data_dir)
    assert main(["batch", str(feed), "--mode", "fast", "--no-wait"]) == 0
    first = capsys.readouterr()
    summary = json.loads(first.out)
    assert summary["counts"] == {"queued": 2}
    assert 0 <= summary["queued_in_seconds"] <= summary["seconds"]
    assert "2 new, 0 already submitted" in first.err

    assert main(["batch", str(feed), "--mode", "fast", "--no-wait"]) == 0
    assert "0 new, 2 already submitted" in capsys.readouterr().err


def test_a_feed_without_articles_exits_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = data_dir / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert main(["batch", str(empty), "--no-wait"]) == 2
    assert json.loads(capsys.readouterr().err)["error"] == "invalid_article"


def test_articles_are_read_from_a_folder_and_from_json_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"text": "Second.", "outlet": "AP"}))
    (tmp_path / "notes.md").write_text("not an article")
    assert [a.text for a in read_articles(str(tmp_path))] == ["First article.", "Second."]

    lines = json.dumps(
        {"text": "Third.", "title": "T", "published_at": "2026-11-21T17:09:00+03:00"}
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(lines + "\n\n"))
    (article,) = read_articles("-")
    assert (article.title, article.published_at is not None) == ("T", True)


def test_a_bad_json_line_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "feed.jsonl"
    source.write_text('{"text": "ok"}\n{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(BadArticle, match=r"feed.jsonl:2: text"):
        list(read_articles(str(source)))
