"""learning: the newsroom's overlay on the shipped detectors, applied and reverted by admins

One row per rule an admin applied from the desk's proposals (service/review/learning.py):
suppress a term of a detector in a context, adopt words editors keep flagging by hand as a cue
of a flag type, or raise the confidence of a term editors always accept. A revert fills in
`reverted_by` and `reverted_at`; rows are never deleted, so the overlay's history stays whole.
Each apply and revert is an audit event binding the row (`overlay:<id>`).

Revision ID: 0016_learning
Revises: 0015_audit_bindings
Create Date: 2026-12-04 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_learning"
down_revision = "0015_audit_bindings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overlay_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("flag_type", sa.String(length=40), nullable=False),
        sa.Column("detector", sa.String(length=60), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("applied_by", sa.String(length=200), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reverted_by", sa.String(length=200), nullable=True),
        sa.Column("reverted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_overlay_rules_reverted_at", "overlay_rules", ["reverted_at"])


def downgrade() -> None:
    op.drop_index("ix_overlay_rules_reverted_at", table_name="overlay_rules")
    op.drop_table("overlay_rules")
