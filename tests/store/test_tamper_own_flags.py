"""An editor's own flag rewritten, deleted or forged outside the desk: `audit verify` names it.

The store is the desk's own: an item submitted and a flag added by hand through the API, so
the rows tampered with are the real ones (the flag, its acceptance and their audit events).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import seed_text
from tests.desk import Desk
from tests.store.tamper import BACKENDS, desk_on_store, last_seq, tamper, verify

SEED = "000_7164c3a58de98ac3.txt"
WORDS = "seemingly ordinary afternoon"


@pytest.fixture(params=BACKENDS)
def desk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Desk]:
    """The desk with one flag an editor added by hand; the CLI pointed at the same store."""
    with desk_on_store(request, tmp_path, monkeypatch) as desk:
        item = desk.submit(seed_text(SEED))
        start = item["article"]["text"].index(WORDS)
        body = {"start": start, "end": start + len(WORDS), "type": "hedged", "note": "vague"}
        added = desk.post(f"/review/items/{item['id']}/flags", json=body)
        assert added.status_code == 201, added.text
        yield desk


def _own_target(desk: Desk) -> str:
    with desk.services.database.session() as session:
        row = session.execute(text("SELECT item_id, id FROM flags WHERE detector = 'editor'")).one()
    return f"item:{row.item_id}/flag:{row.id}"


def test_an_untouched_own_flag_verifies(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = verify(capsys)
    assert code == 0, output


@pytest.mark.parametrize(
    "change",
    [
        "text = 'ordinary'",
        "start = start + 1",
        "type = 'loaded_language'",
        "detail = 'a different reason'",
        "claim_id = 'elsewhere'",
    ],
)
def test_an_own_flag_rewritten_outside_the_desk_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    target, seq = _own_target(desk), last_seq(desk, "flag.added")
    tamper(desk, f"UPDATE flags SET {change} WHERE detector = 'editor'")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: {target} is not the flag its flag.added row recorded" in output


def test_an_own_flag_deleted_outside_the_desk_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    target, seq = _own_target(desk), last_seq(desk, "flag.added")
    flag_id = target.rsplit(":", 1)[1]
    tamper(
        desk,
        f"DELETE FROM flag_decisions WHERE flag_id = {flag_id}",
        f"DELETE FROM flags WHERE id = {flag_id}",
    )
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: {target} was added by an editor and is gone" in output


def test_a_detectors_flag_passed_off_as_an_editors_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(
        desk,
        "UPDATE flags SET detector = 'editor' WHERE id = "
        "(SELECT min(id) FROM flags WHERE detector <> 'editor')",
    )
    code, output = verify(capsys)
    assert code == 1
    assert "is an editor's flag that no event records: added outside the desk" in output


def test_an_own_flag_made_a_detectors_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hiding where a flag came from: the row no longer matches what its event recorded."""
    target, seq = _own_target(desk), last_seq(desk, "flag.added")
    tamper(desk, "UPDATE flags SET detector = 'rule:hedging' WHERE detector = 'editor'")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: {target} is not the flag its flag.added row recorded" in output
