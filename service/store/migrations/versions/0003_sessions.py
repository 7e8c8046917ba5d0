"""desk sessions: server-side, revocable; unique key names; when a key was last used

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 01:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["key_id"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    op.create_index("ix_desk_sessions_key_id", "desk_sessions", ["key_id"])
    op.create_index("ix_desk_sessions_expires_at", "desk_sessions", ["expires_at"])
    op.add_column("api_keys", sa.Column("last_used_at", sa.DateTime(timezone=True)))
    _rename_duplicate_key_names()
    op.create_index("uq_api_keys_name", "api_keys", ["name"], unique=True)


def _rename_duplicate_key_names() -> None:
    """Older stores allowed one name twice: every copy but the oldest gets `-<id>` appended."""
    keys = sa.table("api_keys", sa.column("id", sa.Integer), sa.column("name", sa.String))
    connection = op.get_bind()
    seen: set[str] = set()
    for key_id, name in connection.execute(sa.select(keys.c.id, keys.c.name).order_by(keys.c.id)):
        if name in seen:
            connection.execute(
                keys.update().where(keys.c.id == key_id).values(name=f"{name}-{key_id}")
            )
        seen.add(name)


def downgrade() -> None:
    op.drop_index("uq_api_keys_name", table_name="api_keys")
    with op.batch_alter_table("api_keys") as batch:  # SQLite rebuilds the table
        batch.drop_column("last_used_at")
    op.drop_index("ix_desk_sessions_expires_at", table_name="desk_sessions")
    op.drop_index("ix_desk_sessions_key_id", table_name="desk_sessions")
    op.drop_table("desk_sessions")
