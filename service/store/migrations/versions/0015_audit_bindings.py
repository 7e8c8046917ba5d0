"""audit_bindings: the chain vouches for the rows editors rely on, not only for state changes

Each event may bind rows (an item, its article, an analysis, a flag, a summary revision): one
`audit_bindings` row per bound row with the digest of what the event saw, and the digest of
all of them in the event's own `binds_digest`, which its keyed hash covers. Append-only, like the
chain. Rows that exist when a store is upgraded are bound by one `audit.backfilled` event at the
service's first start after it (service/review/bindings.py).

Revision ID: 0015_audit_bindings
Revises: 0014_open_contradictions
Create Date: 2026-12-04 14:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_audit_bindings"
down_revision = "0014_open_contradictions"
branch_labels = None
depends_on = None

_SQLITE_GUARDS = [
    f"CREATE TRIGGER audit_bindings_no_{verb} BEFORE {verb.upper()} ON audit_bindings "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    for verb in ("update", "delete")
]
# The function is migration 0001's: it raises for any row of any table it guards.
_POSTGRES_GUARD = (
    "CREATE TRIGGER audit_bindings_append_only BEFORE UPDATE OR DELETE ON audit_bindings "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
)


def upgrade() -> None:
    op.add_column("audit_entries", sa.Column("binds_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_bindings",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("seq", "target"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for guard in _SQLITE_GUARDS:
            op.execute(guard)
    else:
        op.execute(_POSTGRES_GUARD)


def downgrade() -> None:
    # Without binds_digest the rows that bind would no longer verify: refuse, as 0004 does.
    raise RuntimeError("0010 cannot be downgraded: audit rows that bind need their binds_digest")
