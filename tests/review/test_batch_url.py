"""`deskcheck batch --url --key`: a batch sent to a desk served on loopback, as from another
machine; every item arrives titled (JSON field, else the headline, else the file name)."""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.cli import main
from service.config import get_settings
from service.review.batch_files import headline
from tests.browser import LiveDesk, served_desk

ARTICLES = 200


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveDesk]:
    # The command's own settings must not name the desk's store: only the URL leads there.
    monkeypatch.setenv("DESKCHECK_DATA_DIR", str(tmp_path / "elsewhere"))
    get_settings.cache_clear()
    with served_desk(tmp_path / "desk", queue_poll_max_s=0.05) as live:
        yield live
    get_settings.cache_clear()


def _wire_copy(folder: Path, count: int) -> dict[str, str]:
    """`count` small articles in four shapes; returns the title each should arrive with."""
    folder.mkdir()
    expected = {}
    for n in range(count):
        body = f"The council said bridge {n} reopens on Monday after repairs costing {n} euros."
        shape = n % 4
        if shape == 0:  # a text file with a headline
            name, title = f"{n:03}.txt", f"Bridge {n} reopens"
            (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        elif shape == 1:  # a text file of one paragraph: no headline, the file name
            name = title = f"{n:03}.txt"
            (folder / name).write_text(body, encoding="utf-8")
        elif shape == 2:  # JSON with its own title
            name, title = f"{n:03}.json", f"Council vote {n}"
            (folder / name).write_text(json.dumps({"text": body, "title": title}))
        else:  # JSON without a title: the headline of its text
            name, title = f"{n:03}.json", f"Repairs {n} finished"
            (folder / name).write_text(json.dumps({"text": f"{title}\n{body}", "outlet": "AP"}))
        expected[body] = title
    return expected


def _queue_titles(desk: LiveDesk) -> dict[str, str]:
    """What the desk's queue shows: each item's title, by the item's text."""
    headers = {"Authorization": f"Bearer {desk.editor_key}"}
    with httpx.Client(base_url=desk.url, headers=headers) as client:
        titles: dict[str, str] = {}
        cursor = None
        while True:
            params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
            page = client.get("/review/items", params=params).json()
            for entry in page["items"]:
                text = client.get(f"/review/items/{entry['id']}").json()["article"]["text"]
                titles[text.strip().splitlines()[-1]] = entry["title"]
            cursor = page["next_cursor"]
            if cursor is None:
                return titles


def test_a_batch_by_url_arrives_as_titled_items(
    desk: LiveDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _wire_copy(tmp_path / "wire", ARTICLES)
    argv = ["batch", str(tmp_path / "wire"), "--url", desk.url, "--key", desk.editor_key]
    assert main([*argv, "--mode", "fast", "--no-wait"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["items"] == ARTICLES
    assert _queue_titles(desk) == expected
    assert not (tmp_path / "elsewhere").exists()  # nothing went into a local store


def test_a_batch_by_url_is_followed_until_analysed(
    desk: LiveDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _wire_copy(tmp_path / "wire", 3)
    argv = ["batch", str(tmp_path / "wire"), "--url", desk.url, "--key", desk.editor_key]
    assert main([*argv, "--mode", "fast"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"done": 3}


def test_a_wrong_key_stops_the_batch_with_the_desks_refusal(
    desk: LiveDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _wire_copy(tmp_path / "wire", 2)
    argv = ["batch", str(tmp_path / "wire"), "--url", desk.url, "--key", "dk_wrong"]
    assert main([*argv, "--no-wait"]) == 2
    refusal = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert refusal["error"] == "unauthorized"


def test_a_headline_is_a_short_first_line_followed_by_more_text() -> None:
    assert headline("  Bridge reopens\n\nThe council said...") == "Bridge reopens"
    assert headline("One line only.") is None
    assert headline("x" * 201 + "\nmore") is None
