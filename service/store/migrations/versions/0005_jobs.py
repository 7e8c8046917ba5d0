"""jobs: analysis leases on review items, batches, and the batch idempotency key

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-24 00:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_items") as table:
        table.add_column(sa.Column("claimed_by", sa.String(length=120), nullable=True))
        table.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("dedupe_key", sa.String(length=64), nullable=True))
        table.create_unique_constraint("uq_review_items_dedupe_key", ["dedupe_key"])
    op.create_index(
        "ix_review_items_analysis_state_lease", "review_items", ["analysis_state", "lease_until"]
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "batch_items",
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"]),
        sa.PrimaryKeyConstraint("batch_id", "item_id"),
    )


def downgrade() -> None:
    op.drop_table("batch_items")
    op.drop_table("batches")
    op.drop_index("ix_review_items_analysis_state_lease", table_name="review_items")
    with op.batch_alter_table("review_items") as table:
        table.drop_constraint("uq_review_items_dedupe_key", type_="unique")
        for column in ("dedupe_key", "queued_at", "lease_until", "claimed_by"):
            table.drop_column(column)
