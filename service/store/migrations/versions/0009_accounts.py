"""accounts: people sign in with a user name and an argon2id password; sessions name an account
or a key

`accounts` holds one row per person (never deleted: disabled, so the name in the audit trail
stays theirs). A desk session belongs to an account or to an API key, so `desk_sessions.key_id`
becomes nullable beside the new `account_id` (SQLite rebuilds the table for that).

Revision ID: 0009_accounts
Revises: 0009_gate
Create Date: 2026-12-04 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_accounts"
down_revision = "0009_gate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_accounts_name", "accounts", ["name"], unique=True)
    with op.batch_alter_table("desk_sessions") as batch:
        batch.alter_column("key_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_desk_sessions_account_id", "accounts", ["account_id"], ["id"])
        batch.create_index("ix_desk_sessions_account_id", ["account_id"])


def downgrade() -> None:
    # Account sessions have no key to fall back on: they end with the accounts.
    op.execute("DELETE FROM desk_sessions WHERE key_id IS NULL")
    with op.batch_alter_table("desk_sessions") as batch:
        batch.drop_index("ix_desk_sessions_account_id")
        batch.drop_constraint("fk_desk_sessions_account_id", type_="foreignkey")
        batch.drop_column("account_id")
        batch.alter_column("key_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index("uq_accounts_name", table_name="accounts")
    op.drop_table("accounts")
