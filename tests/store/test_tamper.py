"""Rewrites by someone with database access (triggers dropped), each caught by `audit verify`.

The store is the desk's own, filled through the API (an item submitted, a flag decided), so
the rows tampered with are the real ones: items, decisions and their audit events.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from service.cli import main
from service.store.audit import PLAIN, entry_hash
from service.store.models import AuditEntry
from tests.conftest import seed_text
from tests.desk import Desk
from tests.store.tamper import BACKENDS, database, desk_on_store, last_seq, tamper, verify

SEED = "000_7164c3a58de98ac3.txt"


@pytest.fixture(params=BACKENDS)
def desk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Desk]:
    """The desk with one decided flag; the CLI pointed at the same store and data directory."""
    with desk_on_store(request, tmp_path, monkeypatch) as desk:
        item = desk.submit(seed_text(SEED))
        flag = item["flags"][0]["id"]
        decided = desk.post(
            f"/review/items/{item['id']}/flags/{flag}/decision", json={"decision": "accept"}
        )
        assert decided.status_code == 200, decided.text
        yield desk


def _head(desk: Desk) -> int:
    with database(desk).session() as session:
        seq: int = session.execute(text("SELECT seq FROM audit_head")).scalar_one()
        return seq


def _replain(desk: Desk, from_seq: int, keep_scheme: bool) -> None:
    """Rewrite every row from `from_seq` on with plain SHA-256, as one without the key would."""
    tamper(desk)
    with database(desk).session() as session:
        rows = list(session.query(AuditEntry).order_by(AuditEntry.seq))
        previous = rows[from_seq - 2].hash if from_seq > 1 else "0" * 64
        for row in rows[from_seq - 1 :]:
            scheme = row.hash_scheme
            row.hash_scheme, row.prev_hash = PLAIN, previous
            row.hash = previous = entry_hash(row, None)
            row.hash_scheme = scheme if keep_scheme else PLAIN
        session.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": previous})


def _truncate(desk: Desk, rows: int) -> int:
    """Delete the newest rows and roll the head back to the last one left; its seq."""
    keep = _head(desk) - rows
    tamper(
        desk,
        f"DELETE FROM audit_entries WHERE seq > {keep}",
        f"UPDATE audit_head SET seq = {keep}, "
        f"last_hash = (SELECT hash FROM audit_entries WHERE seq = {keep})",
    )
    return keep


def test_an_untouched_trail_verifies(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = verify(capsys)
    assert code == 0, output
    assert f"intact: {_head(desk)} rows, 1 anchor(s) reached" in output


def test_a_rewritten_row_is_named(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(desk, "UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2")
    code, output = verify(capsys)
    assert code == 1
    assert "audit row 2: the row's content does not match its hash" in output


@pytest.mark.parametrize("keep_scheme", [True, False], ids=["keyed-label", "plain-label"])
def test_a_rewrite_with_later_hashes_recomputed_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str], keep_scheme: bool
) -> None:
    tamper(desk, "UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2")
    _replain(desk, from_seq=2, keep_scheme=keep_scheme)
    code, output = verify(capsys)
    assert code == 1
    assert output.startswith("audit row 2: ")


def test_a_whole_chain_recomputed_without_the_key_misses_the_anchor(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every row plain and consistent: only the anchor outside the database can tell."""
    head = _head(desk)
    _replain(desk, from_seq=1, keep_scheme=False)
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {head}: row {head} is not the row the anchor" in output


def test_truncated_newest_rows_with_the_head_rolled_back_are_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    head = _head(desk)
    _truncate(desk, rows=2)
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {head}: the anchor of" in output
    assert "the newest rows were deleted" in output


def test_an_exported_anchor_catches_truncation_without_the_automatic_one(
    desk: Desk, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    exported = tmp_path / "exported-anchor.json"
    assert main(["audit", "anchor", "export", str(exported)]) == 0
    head = _head(desk)
    (tmp_path / "audit-anchor.json").unlink()  # say the data directory was lost too
    _truncate(desk, rows=1)
    code, output = verify(capsys, "--anchor", str(exported))
    assert code == 1
    assert f"audit row {head}: the anchor of" in output


def test_a_deleted_middle_row_is_named(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(desk, "DELETE FROM audit_entries WHERE seq = 2")
    code, output = verify(capsys)
    assert code == 1
    assert "audit row 2: row 2 is missing" in output


def test_a_rewritten_decision_event_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = last_seq(desk, "flag.accept")
    tamper(desk, f"UPDATE audit_entries SET action = 'flag.reject' WHERE seq = {seq}")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: the row's content does not match its hash" in output


def test_a_rewritten_decision_row_is_named(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """The chain is intact; the decision editors see is not the one it recorded."""
    seq = last_seq(desk, "flag.accept")
    tamper(desk, "UPDATE flag_decisions SET decision = 'reject'")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: the decision stored for item:" in output


def test_a_deleted_decision_row_is_named(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    seq = last_seq(desk, "flag.accept")
    tamper(desk, "DELETE FROM flag_decisions")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: " in output
    assert "has 0 decision row(s) but 1 decision event(s)" in output


def test_a_status_changed_outside_the_desk_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = last_seq(desk, "item.in_review")
    tamper(desk, "UPDATE review_items SET status = 'approved'")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: item " in output
    assert "is approved (analysis done), which is not the state this row recorded" in output


def test_an_edited_anchor_is_refused(
    desk: Desk, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    anchor = tmp_path / "audit-anchor.json"
    anchor.write_text(anchor.read_text().replace('"seq": ', '"seq": 1'))
    code, output = verify(capsys)
    assert code == 1
    assert "is not signed with this audit key" in output


def _confirm_first_claim(desk: Desk) -> str:
    """Confirm the first claim of the desk's item through the API; its audit target."""
    item = desk.get("/review/items").json()["items"][0]
    claim = desk.get(f"/review/items/{item['id']}").json()["verify"]["claims"][0]["id"]
    url = f"/review/items/{item['id']}/claims/{claim}/decision"
    assert desk.post(url, json={"decision": "confirm"}).status_code == 200
    return f"item:{item['id']}/claim:{claim}"


def test_a_claim_confirmed_at_the_desk_verifies(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    _confirm_first_claim(desk)
    code, output = verify(capsys)
    assert code == 0, output


def test_a_claim_confirmation_rewritten_outside_the_desk_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """A later article's same claim would show as corroborated on the strength of it."""
    target = _confirm_first_claim(desk)
    seq = last_seq(desk, "claim.confirm")
    tamper(desk, "UPDATE claim_decisions SET note = 'checked with the ministry'")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: the decision stored for {target}" in output


def test_a_reviewed_claim_marked_confirmed_outside_the_desk_corroborates_nothing(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a confirmation in the audited decisions makes a later claim corroborated: the
    reviewed set's outcome column, which no audit row covers, is not trusted for it."""
    item = desk.get(f"/review/items/{desk.get('/review/items').json()['items'][0]['id']}").json()
    status = {c["id"]: c["status"] for c in item["verify"]["claims"]}
    flag = next(f for f in item["flags"] if status[f["claim_id"]] == "unverified")
    url = f"/review/items/{item['id']}/flags/{flag['id']}/decision"
    assert desk.post(url, json={"decision": "accept"}).status_code == 200
    desk.post(f"/review/items/{item['id']}/start")
    approved = desk.post(
        f"/review/items/{item['id']}/approve", role="admin", json={"override_reason": "test"}
    )
    assert approved.status_code == 200
    tamper(desk, "UPDATE reviewed_claims SET outcome = 'confirmed'")
    later = desk.submit(seed_text(SEED))
    assert flag["claim_id"] in {note["claim_id"] for note in later["prior_reviews"]}
    assert "corroborated" not in {c["status"] for c in later["verify"]["claims"]}
    code, output = verify(capsys)
    assert code == 0, output
