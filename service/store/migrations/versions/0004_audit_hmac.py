"""audit hmac: keyed row hashes (scheme per row) and flag versions for compare-and-set decisions

Existing audit rows keep their plain SHA-256 hashes and are marked `sha256`, so they verify as
before; rows appended from now on are `hmac-sha256` (the key lives outside the database). Rows
are not re-hashed: that would mean rewriting an append-only trail, and trusting it at migration
time. Existing flags start at version 0.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-24 00:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch table copy on SQLite): the append-only triggers stay in place.
    op.add_column(
        "audit_entries",
        sa.Column("hash_scheme", sa.String(length=16), nullable=False, server_default="sha256"),
    )
    op.add_column("flags", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # Without hash_scheme the keyed rows would no longer verify: refuse rather than break the trail.
    raise RuntimeError("0004 cannot be downgraded: keyed audit rows need their hash_scheme")
