"""open contradictions: each item's count of contradictions not decided yet, for the queue's filter

`review_items.open_contradictions`, kept beside `undecided_count` (service/review/gate.py) and
counted here for the items a store holds: the contradictions of each item's newest report
without a decision. The queue filters on it, so the queue generation's trigger watches it.

Revision ID: 0014_open_contradictions
Revises: 0013_webhooks
Create Date: 2026-12-04 14:40:00.000000
"""

import importlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0014_open_contradictions"
down_revision = "0013_webhooks"
branch_labels = None
depends_on = None

_gate = importlib.import_module("service.store.migrations.versions.0009_gate")
_assignment = importlib.import_module("service.store.migrations.versions.0010_assignment")

WATCHED_BEFORE: tuple[str, ...] = _assignment.WATCHED_ITEM_COLUMNS
WATCHED_ITEM_COLUMNS = (*WATCHED_BEFORE, "open_contradictions")
WATCHED = {**_assignment.WATCHED, "review_items": WATCHED_ITEM_COLUMNS}
"""Table -> watched columns, as the triggers stand after this revision."""

_DECIDED = "SELECT item_id, contradiction_id FROM contradiction_decisions"


def _ids(result: Any) -> list[str]:
    if isinstance(result, str):  # a JSON column read back as text by a plain SELECT
        result = json.loads(result)
    return [x["id"] for x in result.get("contradictions") or []]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")  # see 0010: pending trigger events
    op.add_column(
        "review_items",
        sa.Column("open_contradictions", sa.Integer(), nullable=False, server_default="0"),
    )
    decided: dict[str, set[str]] = {}
    for item_id, contradiction_id in bind.execute(sa.text(_DECIDED)):
        decided.setdefault(item_id, set()).add(contradiction_id)
    for item_id, result in bind.execute(sa.text(_gate._NEWEST_REPORTS)).all():
        still_open = [x for x in _ids(result) if x not in decided.get(item_id, set())]
        if still_open:
            bind.execute(
                sa.text("UPDATE review_items SET open_contradictions = :n WHERE id = :id"),
                {"n": len(still_open), "id": item_id},
            )
    _gate._watch_items(WATCHED_ITEM_COLUMNS)


def downgrade() -> None:
    _gate._watch_items(WATCHED_BEFORE)
    op.drop_column("review_items", "open_contradictions")
