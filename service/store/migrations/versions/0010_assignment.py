"""assignment: an item is given to an editor, with a note; "assigned to me" in the queue's order

Four nullable columns on `review_items` (who, by whom, when, the note) and an index on
(assigned_to, created_at, id), so an editor's own queue is one index range like the others.
`assigned_to` is shown and filtered on in the listing, so the queue generation's trigger on
review_items watches it too (0008, 0009_gate).

Revision ID: 0010_assignment
Revises: 0009_accounts
Create Date: 2026-12-04 14:00:00.000000
"""

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0010_assignment"
down_revision = "0009_accounts"
branch_labels = None
depends_on = None

_gate = importlib.import_module("service.store.migrations.versions.0009_gate")

WATCHED_BEFORE: tuple[str, ...] = _gate.WATCHED_ITEM_COLUMNS
WATCHED_ITEM_COLUMNS = (*WATCHED_BEFORE, "assigned_to")
WATCHED = {**_gate.WATCHED, "review_items": WATCHED_ITEM_COLUMNS}
"""Table -> watched columns, as the triggers stand after this revision."""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Earlier revisions in the same transaction (0009_gate's backfill) leave the queue
        # generation's deferred triggers pending on review_items, and PostgreSQL refuses to
        # ALTER a table with pending trigger events: fire them now.
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # Plain ADD COLUMN (no batch table copy on SQLite): the tables' triggers stay in place.
    op.add_column("review_items", sa.Column("assigned_to", sa.String(length=200), nullable=True))
    op.add_column("review_items", sa.Column("assigned_by", sa.String(length=200), nullable=True))
    op.add_column(
        "review_items", sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("review_items", sa.Column("assignment_note", sa.Text(), nullable=True))
    op.create_index(
        "ix_review_items_assigned_created_id",
        "review_items",
        ["assigned_to", "created_at", "id"],
    )
    _gate._watch_items(WATCHED_ITEM_COLUMNS)


def downgrade() -> None:
    _gate._watch_items(WATCHED_BEFORE)
    op.drop_index("ix_review_items_assigned_created_id", table_name="review_items")
    # Plain DROP COLUMN (SQLite 3.35+), after the trigger no longer names them.
    for column in ("assignment_note", "assigned_at", "assigned_by", "assigned_to"):
        op.drop_column("review_items", column)
