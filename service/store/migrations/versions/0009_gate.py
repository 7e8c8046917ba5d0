"""gate: undecided counts on items, admin overrides, duplicate decisions, contradiction decisions

Approval is refused while a flag is undecided or a contradiction open (service/review/gate.py).
The queue shows each item's undecided count without reading flags or reports per row, so the
count is stored on the item (`undecided_count`, kept by the desk in the transaction of each
decision) with the reason an admin gave for approving over it (`gate_override`). Both are shown
in the listing, so the queue generation's trigger on review_items watches them too (0008).

A flag decision may say the flag repeats another (`decision = 'duplicate'`, `duplicate_of`);
'duplicate' is nine characters, so the column widens. Contradictions are decided in a table of
their own, like claims. Existing items get their count: flags without a decision plus the
contradictions of their newest report (none was ever decided before this revision).

Revision ID: 0009_gate
Revises: 0008
Create Date: 2026-12-04 11:50:00.000000
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009_gate"
down_revision = "0008"
branch_labels = None
depends_on = None

# review_items columns the queue listing shows or filters on: 0008's, and this revision's two.
WATCHED_BEFORE = (
    "id",
    "article_id",
    "status",
    "analysis_state",
    "error",
    "created_at",
    "flag_count",
    "submitted_by",
)
WATCHED_ITEM_COLUMNS = (*WATCHED_BEFORE, "undecided_count", "gate_override")
WATCHED = {
    "review_items": WATCHED_ITEM_COLUMNS,
    "articles": ("id", "title", "outlet", "published_at"),
    "flags": ("item_id", "type"),
}
"""Table -> watched columns, as the triggers stand after this revision."""

_BUMP = "UPDATE queue_generation SET value = value + 1 WHERE id = 1"
_UNDECIDED_FLAGS = """
SELECT f.item_id, count(*) FROM flags f
WHERE NOT EXISTS (SELECT 1 FROM flag_decisions d WHERE d.flag_id = f.id)
GROUP BY f.item_id
"""
_NEWEST_REPORTS = """
SELECT a.item_id, a.result FROM analyses a
WHERE a.kind = 'verify'
  AND a.id = (SELECT max(b.id) FROM analyses b WHERE b.item_id = a.item_id AND b.kind = 'verify')
"""


def _watch_items(columns: tuple[str, ...]) -> None:
    """Recreate the queue generation's update trigger on review_items over `columns`."""
    watched = ", ".join(columns)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER queue_generation_review_items_update")
        op.execute(
            f"CREATE TRIGGER queue_generation_review_items_update AFTER UPDATE OF {watched} "
            f"ON review_items BEGIN {_BUMP}; END"
        )
        return
    op.execute("DROP TRIGGER queue_generation_review_items ON review_items")
    op.execute(
        "CREATE CONSTRAINT TRIGGER queue_generation_review_items "
        f"AFTER INSERT OR UPDATE OF {watched} OR DELETE ON review_items "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION queue_generation_bump()"
    )


def _contradictions(result: Any) -> int:
    if isinstance(result, str):  # a JSON column read back as text by a plain SELECT
        result = json.loads(result)
    return len(result.get("contradictions") or [])


def _backfill_counts() -> None:
    bind = op.get_bind()
    counts: dict[str, int] = {}
    for item_id, undecided in bind.execute(sa.text(_UNDECIDED_FLAGS)):
        counts[item_id] = counts.get(item_id, 0) + int(undecided)
    for item_id, result in bind.execute(sa.text(_NEWEST_REPORTS)):
        counts[item_id] = counts.get(item_id, 0) + _contradictions(result)
    for item_id, count in counts.items():
        bind.execute(
            sa.text("UPDATE review_items SET undecided_count = :n WHERE id = :id"),
            {"n": count, "id": item_id},
        )


def upgrade() -> None:
    # Plain ADD COLUMN (no batch table copy on SQLite): the tables' triggers stay in place.
    op.add_column(
        "review_items",
        sa.Column("undecided_count", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("review_items", sa.Column("gate_override", sa.Text(), nullable=True))
    op.add_column("flag_decisions", sa.Column("duplicate_of", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":  # SQLite does not bound VARCHAR lengths
        op.alter_column(
            "flag_decisions",
            "decision",
            type_=sa.String(length=12),
            existing_type=sa.String(length=8),
        )
    op.create_table(
        "contradiction_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("contradiction_id", sa.String(length=32), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_contradiction_decisions_item",
        "contradiction_decisions",
        ["item_id", "contradiction_id"],
    )
    _watch_items(WATCHED_ITEM_COLUMNS)
    _backfill_counts()


def downgrade() -> None:
    _watch_items(WATCHED_BEFORE)
    op.drop_index("ix_contradiction_decisions_item", table_name="contradiction_decisions")
    op.drop_table("contradiction_decisions")
    # Plain DROP COLUMN (SQLite 3.35+), after the trigger no longer names them: a batch copy
    # of review_items would drop its triggers.
    op.drop_column("flag_decisions", "duplicate_of")
    op.drop_column("review_items", "gate_override")
    op.drop_column("review_items", "undecided_count")
