"""The approval gate's records rewritten outside the desk: `audit verify` names each.

The store is the desk's own, filled through the API: an item with contradictions, a flag marked a
duplicate of another, a contradiction decided, and an admin's approval over what remained. Each
test then rewrites one of those rows (the append-only triggers dropped) and runs the CLI.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import seed_text
from tests.desk import Desk
from tests.store.tamper import BACKENDS, desk_on_store, last_seq, tamper, verify

CONTRADICTORY = "001_100bbb814b795ab1.txt"
REASON = "breaking news, checked by phone"


def _same_claim_pair(item: dict[str, Any]) -> tuple[int, int]:
    by_claim: dict[str, list[int]] = {}
    for flag in item["flags"]:
        by_claim.setdefault(flag["claim_id"], []).append(flag["id"])
    first, second = next(ids for ids in by_claim.values() if len(ids) >= 2)[:2]
    return first, second


@pytest.fixture(params=BACKENDS)
def desk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Desk]:
    """A duplicate, a contradiction decision and an override, made through the API."""
    with desk_on_store(request, tmp_path, monkeypatch) as desk:
        item = desk.submit(seed_text(CONTRADICTORY))
        base = f"/review/items/{item['id']}"
        original, repeat = _same_claim_pair(item)
        body = {"decision": "duplicate", "duplicate_of": original}
        assert desk.post(f"{base}/flags/{repeat}/decision", json=body).status_code == 200
        decided = desk.post(f"{base}/contradictions/x1/decision", json={"decision": "accept"})
        assert decided.status_code == 200
        approved = desk.post(f"{base}/approve", role="admin", json={"override_reason": REASON})
        assert approved.status_code == 200, approved.text
        yield desk


def test_the_gates_records_verify_untouched(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = verify(capsys)
    assert code == 0, output


@pytest.mark.parametrize(
    "rewrite",
    [
        "UPDATE review_items SET gate_override = 'approved by the desk chief'",
        "UPDATE review_items SET gate_override = NULL",
    ],
    ids=["reason changed", "override hidden"],
)
def test_an_override_reason_rewritten_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str], rewrite: str
) -> None:
    seq = last_seq(desk, "item.approved")
    tamper(desk, rewrite)
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: item " in output
    assert "which is not the state this row recorded" in output


def test_an_override_forged_on_an_approval_without_one_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """An approval that passed the gate, later given a reason it never had."""
    item = desk.submit("The council met on Tuesday.")
    desk.post(f"/review/items/{item['id']}/start")
    assert desk.post(f"/review/items/{item['id']}/approve").status_code == 200
    tamper(desk, f"UPDATE review_items SET gate_override = 'x' WHERE id = '{item['id']}'")
    code, output = verify(capsys)
    assert code == 1
    assert f"item {item['id']} is approved" in output


def test_a_duplicates_original_rewritten_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = last_seq(desk, "flag.duplicate")
    tamper(desk, "UPDATE flag_decisions SET duplicate_of = duplicate_of + 1")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: the decision stored for item:" in output


def test_a_duplicate_turned_into_a_rejection_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """What would lower the detector's precision in the stats without anyone deciding so."""
    seq = last_seq(desk, "flag.duplicate")
    tamper(desk, "UPDATE flag_decisions SET decision = 'reject', duplicate_of = NULL")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: the decision stored for item:" in output


def test_a_contradiction_decision_rewritten_or_deleted_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = last_seq(desk, "contradiction.accept")
    tamper(desk, "UPDATE contradiction_decisions SET decision = 'reject'")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: the decision stored for item:" in output
    assert "/contradiction:x1 is not the one this row recorded" in output
    tamper(desk, "DELETE FROM contradiction_decisions")
    code, output = verify(capsys)
    assert code == 1
    assert "contradiction:x1 has 0 decision row(s) but 1 decision event(s)" in output


def test_an_undecided_count_rewritten_is_named(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """The queue would show the item as having nothing left undecided."""
    item = desk.get("/review/items").json()["items"][0]
    assert item["undecided_count"] > 0
    tamper(desk, "UPDATE review_items SET undecided_count = 0")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit trail: item {item['id']} shows 0 undecided (" in output
    assert f"in the queue, but {item['undecided_count']} (" in output
