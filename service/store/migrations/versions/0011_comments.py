"""comments: a thread on each item and on each of its claims, with mentions of editors

`comments` holds the messages (the item, the claim if one is meant, author, text, when);
`comment_mentions` one row per editor a comment names with `@name`, indexed by name, so an
editor's mentions are one index range.

Revision ID: 0011_comments
Revises: 0010_assignment
Create Date: 2026-12-04 14:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_comments"
down_revision = "0010_assignment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_comments_item", "comments", ["item_id", "id"])
    op.create_table(
        "comment_mentions",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"]),
        sa.PrimaryKeyConstraint("comment_id", "name"),
    )
    op.create_index("ix_comment_mentions_name", "comment_mentions", ["name", "comment_id"])


def downgrade() -> None:
    op.drop_index("ix_comment_mentions_name", table_name="comment_mentions")
    op.drop_table("comment_mentions")
    op.drop_index("ix_comments_item", table_name="comments")
    op.drop_table("comments")
