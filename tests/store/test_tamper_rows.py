"""The rows editors rely on, deleted, forged or rewritten outside the desk: `audit verify` names
each, with the audit row that bound it (or the row no audit row binds).

The store is the desk's own: two items analysed through the API, one left pending and one
approved (by an admin, over its undecided flags: neither has a decision), so the rows tampered
with are the real ones and only their bindings can tell.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import seed_text
from tests.desk import Desk
from tests.store.tamper import BACKENDS, desk_on_store, tamper, verify

SEEDS = ("000_7164c3a58de98ac3.txt", "001_100bbb814b795ab1.txt")


@dataclass(frozen=True)
class Store:
    desk: Desk
    pending: str
    approved: str


@pytest.fixture(params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    with desk_on_store(request, tmp_path, monkeypatch) as desk:
        pending = desk.submit(seed_text(SEEDS[0]))["id"]
        approved = desk.submit(seed_text(SEEDS[1]))["id"]
        assert desk.post(f"/review/items/{approved}/start").status_code == 200
        passed = desk.post(
            f"/review/items/{approved}/approve", role="admin", json={"override_reason": "test"}
        )
        assert passed.status_code == 200, passed.text
        yield Store(desk, pending, approved)


def _bound_by(store: Store, action: str, item_id: str) -> int:
    """The seq of the item's `action` event (the one that bound the rows it wrote)."""
    with store.desk.services.database.session() as session:
        seq: int = session.execute(
            text("SELECT seq FROM audit_entries WHERE action = :a AND target = :t"),
            {"a": action, "t": f"item:{item_id}"},
        ).scalar_one()
    return seq


def _scalar(store: Store, query: str, **params: str) -> int:
    with store.desk.services.database.session() as session:
        found: int = session.execute(text(query), params).scalar_one()
    return found


def test_the_untouched_store_and_an_export_verify(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = store.desk.get(f"/review/items/{store.approved}/export")
    assert exported.status_code == 200
    code, output = verify(capsys)
    assert code == 0, output


@pytest.mark.parametrize("which", ["pending", "approved"])
def test_a_whole_item_deleted_with_its_rows_is_named(
    store: Store, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    item_id = getattr(store, which)
    seq = _bound_by(store, "item.submitted", item_id)
    where = f"item_id = '{item_id}'"
    tamper(
        store.desk,
        *(
            f"DELETE FROM {table} WHERE {where}"
            for table in ("prior_reviews", "reviewed_claims", "flags", "analyses", "item_search")
        ),
        f"DELETE FROM summary_revisions WHERE {where}",
        f"DELETE FROM batch_items WHERE {where}",
        "CREATE TEMPORARY TABLE gone AS SELECT article_id FROM review_items "
        f"WHERE id = '{item_id}'",
        f"DELETE FROM review_items WHERE id = '{item_id}'",
        "DELETE FROM articles WHERE id IN (SELECT article_id FROM gone)",
    )
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: item:{item_id}, bound by this row, is gone from the store" in output
    assert f"audit row {seq}: item:{item_id}/article, bound by this row, is gone" in output


def test_a_forged_approved_item_without_events_is_named(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(
        store.desk,
        "INSERT INTO articles (id, text, sha256, created_at) "
        "VALUES ('forgedarticle', 'All is well.', 'x', CURRENT_TIMESTAMP)",
        "INSERT INTO review_items (id, article_id, status, mode, max_points, analysis_state, "
        "attempts, flag_count, undecided_count, submitted_by, created_at, updated_at) VALUES "
        "('forgeditem', 'forgedarticle', 'approved', 'fast', 5, 'done', 1, 0, 0, 'mallory', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    )
    code, output = verify(capsys)
    assert code == 1
    assert "audit trail: item:forgeditem (item) is in the store but no audit row binds it" in output
    assert "item:forgeditem/article (article) is in the store but no audit row binds it" in output


def test_an_approved_items_rewritten_article_text_is_named(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = _bound_by(store, "item.submitted", store.approved)
    tamper(
        store.desk,
        "UPDATE articles SET text = 'A different story.' WHERE id = "
        f"(SELECT article_id FROM review_items WHERE id = '{store.approved}')",
    )
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: item:{store.approved}/article is not the article" in output


def test_a_rewritten_summary_revision_is_named(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = _bound_by(store, "analysis.completed", store.approved)
    tamper(
        store.desk,
        "UPDATE summary_revisions SET text = 'Nothing happened.' "
        f"WHERE item_id = '{store.approved}' AND number = 1",
    )
    code, output = verify(capsys)
    assert code == 1
    target = f"item:{store.approved}/revision:1"
    assert f"audit row {seq}: {target} is not the summary revision this row bound" in output


@pytest.mark.parametrize("change", ["type = 'loaded_language'", "detail = 'nothing to see'"])
def test_a_flags_changed_type_or_detail_is_named(
    store: Store, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    seq = _bound_by(store, "analysis.completed", store.pending)
    flag = _scalar(store, "SELECT min(id) FROM flags WHERE item_id = :i", i=store.pending)
    tamper(store.desk, f"UPDATE flags SET {change} WHERE id = {flag}")
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: item:{store.pending}/flag:{flag} is not the flag" in output


def test_a_binding_rewritten_with_its_row_is_named(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rewriting the revision and its binding to match: the binding is under the row's hash."""
    seq = _bound_by(store, "analysis.completed", store.approved)
    target = f"item:{store.approved}/revision:1"
    tamper(
        store.desk,
        "DROP TRIGGER IF EXISTS audit_bindings_no_update"
        if store.desk.services.database.embedded
        else "DROP TRIGGER IF EXISTS audit_bindings_append_only ON audit_bindings",
        f"UPDATE audit_bindings SET digest = NULL WHERE target = '{target}'",
    )
    code, output = verify(capsys)
    assert code == 1
    assert f"audit row {seq}: the rows bound to this row (audit_bindings) are not" in output
