"""feedback: claim confirmations, prior-review links, reviewed claims only where editors decided

Approval used to enter every claim of an item as `confirmed`, whether or not an editor looked at
it. Claims nobody decided are dropped from the reviewed set; the rest are `flagged` (a flag on
them upheld) or `cleared` (only rejected flags): nobody had a way to confirm a claim before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 03:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_UNDECIDED = """
DELETE FROM reviewed_claims WHERE outcome = 'confirmed' AND NOT EXISTS (
    SELECT 1 FROM flag_decisions d JOIN flags f ON f.id = d.flag_id
    WHERE f.item_id = reviewed_claims.item_id AND f.claim_id = reviewed_claims.claim_id)
"""


def upgrade() -> None:
    op.create_table(
        "claim_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claim_decisions_item_claim", "claim_decisions", ["item_id", "claim_id"])
    op.create_table(
        "prior_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("reviewed_claim_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"]),
        sa.ForeignKeyConstraint(["reviewed_claim_id"], ["reviewed_claims.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_prior_reviews_item_id", "prior_reviews", ["item_id"])
    op.execute(_UNDECIDED)
    op.execute("UPDATE reviewed_claims SET outcome = 'cleared' WHERE outcome = 'confirmed'")


def downgrade() -> None:
    op.drop_index("ix_prior_reviews_item_id", table_name="prior_reviews")
    op.drop_table("prior_reviews")
    op.drop_index("ix_claim_decisions_item_claim", table_name="claim_decisions")
    op.drop_table("claim_decisions")
