"""response cache: final model-backed responses, so none is paid for twice

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "response_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("endpoint", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_response_cache_created_at", "response_cache", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_response_cache_created_at", table_name="response_cache")
    op.drop_table("response_cache")
