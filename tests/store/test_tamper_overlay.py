"""The newsroom's learnt overlay, changed outside the desk: `audit verify` names each rule
rewritten, un-reverted, deleted or forged, with the audit row that bound it.

The store is the desk's own: three articles whose "brutal" editors rejected, one suppression
applied and reverted, one applied and active, all through the API.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.desk import Desk
from tests.review.learning import OUTLET, apply, proposal, reject_brutal
from tests.store.tamper import BACKENDS, desk_on_store, tamper, verify


@dataclass(frozen=True)
class Store:
    desk: Desk
    reverted: int
    active: int


@pytest.fixture(params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    with desk_on_store(request, tmp_path, monkeypatch) as desk:
        reject_brutal(desk)
        reverted = apply(desk, proposal(desk, "suppress", OUTLET))["id"]
        undone = desk.post(f"/review/learning/rules/{reverted}/revert", role="admin")
        assert undone.status_code == 200, undone.text
        active = apply(desk, proposal(desk, "suppress", None))["id"]
        yield Store(desk, reverted, active)


def _event(store: Store, action: str, rule: int) -> int:
    with store.desk.services.database.session() as session:
        seq: int = session.execute(
            text("SELECT seq FROM audit_entries WHERE action = :a AND target = :t"),
            {"a": action, "t": f"overlay:{rule}"},
        ).scalar_one()
    return seq


def test_the_untouched_overlay_verifies(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = verify(capsys)
    assert code == 0, output


def test_a_reverted_rule_made_active_again_is_named(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = _event(store, "overlay.reverted", store.reverted)
    tamper(
        store.desk,
        "UPDATE overlay_rules SET reverted_at = NULL, reverted_by = NULL "
        f"WHERE id = {store.reverted}",
    )
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: overlay:{store.reverted} is not the overlay rule this row" in output


@pytest.mark.parametrize(
    "change", ["term = 'attack'", "outlet = 'Another Paper'", "action = 'cue'"]
)
def test_an_active_rules_rewritten_column_is_named(
    store: Store, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    seq = _event(store, "overlay.applied", store.active)
    tamper(store.desk, f"UPDATE overlay_rules SET {change} WHERE id = {store.active}")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: overlay:{store.active} is not the overlay rule this row" in output


def test_a_deleted_rule_is_named(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    seq = _event(store, "overlay.applied", store.active)
    tamper(store.desk, f"DELETE FROM overlay_rules WHERE id = {store.active}")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: overlay:{store.active}, bound by this row, is gone" in output


def test_a_forged_rule_is_named(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(
        store.desk,
        "INSERT INTO overlay_rules (id, action, flag_type, detector, term, evidence, "
        "applied_by, applied_at) VALUES (99, 'suppress', 'anonymous_source', 'rule:sourcing', "
        "'officials', 'none', 'mallory', CURRENT_TIMESTAMP)",
    )
    code, output = verify(capsys)
    assert code == 1
    assert "overlay:99 (overlay rule) is in the store but no audit row binds it" in output
