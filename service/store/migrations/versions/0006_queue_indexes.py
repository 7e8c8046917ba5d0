"""queue indexes: the queue's order (created_at DESC, id DESC) as an index, alone and per status

Keyset pages compare the row value (created_at, id), so both stores read a page as one range of
an index that holds the whole ordering; the old single-column indexes are prefixes of the new
ones and would only slow writes.

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-24 00:40:00.000000
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_review_items_created_id", "review_items", ["created_at", "id"])
    op.create_index(
        "ix_review_items_status_created_id", "review_items", ["status", "created_at", "id"]
    )
    op.drop_index("ix_review_items_created_at", table_name="review_items")
    op.drop_index("ix_review_items_status_created", table_name="review_items")


def downgrade() -> None:
    op.create_index("ix_review_items_status_created", "review_items", ["status", "created_at"])
    op.create_index("ix_review_items_created_at", "review_items", ["created_at"])
    op.drop_index("ix_review_items_status_created_id", table_name="review_items")
    op.drop_index("ix_review_items_created_id", table_name="review_items")
