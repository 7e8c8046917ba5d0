"""A store from before rows were bound: its first start binds what it holds, once, and from
then on it verifies intact and a change to those rows is named."""

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import text

from service.review.bindings import BACKFILL_ACTION, bind_existing
from service.review.integrity import verify_review_state
from service.store import Database, verify_chain
from service.store.audit import AuditBreak
from service.store.migrate import upgrade
from tests.desk import Desk
from tests.store.conftest import secrets
from tests.store.postgres import postgres_url

NOW = "2026-11-01 12:00:00.000000"
_ROWS = [
    "INSERT INTO articles (id, text, sha256, created_at) "
    "VALUES ('a1', 'The council approved the budget.', 'x', :now)",
    "INSERT INTO review_items (id, article_id, status, mode, max_points, analysis_state, "
    "attempts, flag_count, undecided_count, submitted_by, created_at, updated_at) "
    "VALUES ('i1', 'a1', 'pending', 'fast', 5, 'done', 1, 1, 1, 'x', :now, :now)",
    "INSERT INTO analyses (item_id, kind, result, provenance, created_at) "
    "VALUES ('i1', 'verify', '{\"claims\": []}', '{}', :now)",
    'INSERT INTO flags (item_id, claim_id, type, detector, start, "end", text, detail, version) '
    "VALUES ('i1', 'c1', 'hedged', 'rule:hedge', 0, 3, 'The', 'why', 0)",
    "INSERT INTO summary_revisions (item_id, number, text, author, created_at) "
    "VALUES ('i1', 1, 'The council approved it.', 'deskcheck (fast)', :now)",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """Rows written by a version before migration 0010, then upgraded (not started yet)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
        else:
            url = stack.enter_context(postgres_url())
        db = Database(url, secrets(tmp_path))
        stack.callback(db.close)
        upgrade(db.engine, "0009_accounts")
        with db.engine.begin() as connection:
            for statement in _ROWS:
                connection.execute(text(statement), {"now": NOW})
        db.migrate()
        yield db


def _breaks(db: Database) -> list[AuditBreak]:
    with db.session() as session:
        return verify_chain(session) + verify_review_state(session)


def _bind(db: Database) -> int | None:
    with db.session() as session:
        return bind_existing(session)


def test_before_its_first_start_an_upgraded_store_says_its_rows_are_not_bound(
    old_store: Database,
) -> None:
    reasons = [broken.reason for broken in _breaks(old_store)]
    assert len(reasons) == 5  # item, article, analysis, flag, revision
    assert all("`deskcheck serve` has not started since" in reason for reason in reasons)


def test_the_first_start_binds_the_rows_once_and_the_store_verifies(
    old_store: Database,
) -> None:
    seq = _bind(old_store)
    again = _bind(old_store)
    with old_store.session() as session:
        action = session.execute(
            text("SELECT action FROM audit_entries WHERE seq = :s"), {"s": seq}
        ).scalar_one()
    assert (action, again) == (BACKFILL_ACTION, None)
    assert _breaks(old_store) == []


def test_a_row_changed_after_the_backfill_is_named(old_store: Database) -> None:
    seq = _bind(old_store)
    with old_store.engine.begin() as connection:
        connection.execute(text("UPDATE flags SET type = 'loaded_language'"))
    assert _breaks(old_store) == [
        AuditBreak(
            seq or 0, "item:i1/flag:1 is not the flag this row bound: changed outside the desk"
        )
    ]


def test_a_new_store_has_nothing_to_bind(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}", secrets(tmp_path))
    db.migrate()
    try:
        assert _bind(db) is None
        assert _breaks(db) == []
    finally:
        db.close()


def test_an_item_retried_in_another_mode_is_bound_again(desk: Desk) -> None:
    """A retry may change the item's mode: its `analysis.retried` event binds the item anew."""
    item = desk.submit("The council approved the budget on Monday.", mode="full")
    assert item["analysis_state"] == "failed"  # no model answers here
    desk.post(f"/review/items/{item['id']}/retry", json={"mode": "fast"})
    assert desk.analysed(item["id"])["mode"] == "fast"
    assert _breaks(desk.services.database) == []
