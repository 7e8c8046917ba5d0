"""queue generation: a counter that every commit changing the queue listing advances

API replicas cache rendered queue pages under the generation they read before querying
(service/review/queue_pages.py); a page is served again only while the counter is unchanged.
Triggers advance it, inside the writing transaction, so any writer is covered (an API replica, a
worker, the CLI, hand-written SQL) and the new rows and the new counter become visible together.

What the listing shows or filters on: review items (inserted, deleted, or one of its shown or
filtered columns updated), their articles' title, outlet and publication date, and flag rows
(the `flag_type` filter). Lease renewals and other columns leave the counter alone, so pages
stay cached while workers hold items. `tests/review/test_queue_pages.py` updates each listed
column and fails if the counter does not move: a column added to the listing needs it here.

On SQLite every row trigger bumps the counter; writers are serialized by the database anyway.
On PostgreSQL the triggers are deferred to commit and bump once per transaction (a
transaction-local setting remembers it): the counter's row lock is taken at the last moment and
held only until the commit, so writers never wait on it for long and never deadlock over it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 03:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Table -> the columns whose update changes what the listing shows or which rows a filter keeps.
WATCHED = {
    "review_items": (
        "id",
        "article_id",
        "status",
        "analysis_state",
        "error",
        "created_at",
        "flag_count",
        "submitted_by",
    ),
    "articles": ("id", "title", "outlet", "published_at"),
    "flags": ("item_id", "type"),
}
_BUMP = "UPDATE queue_generation SET value = value + 1 WHERE id = 1"
_POSTGRES_FUNCTION = f"""
CREATE FUNCTION queue_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('deskcheck.queue_bumped', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('deskcheck.queue_bumped', 'yes', true);
        {_BUMP};
    END IF;
    RETURN NULL;
END $$
"""


def _events(table: str) -> list[tuple[str, str]]:
    """(trigger name suffix, event) for a table; an article alone is not listed until its item."""
    update = ("update", f"UPDATE OF {', '.join(WATCHED[table])}")
    delete = ("delete", "DELETE")
    if table == "articles":
        return [update, delete]
    return [("insert", "INSERT"), update, delete]


def _sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER queue_generation_{table}_{name} AFTER {event} ON {table} "
        f"BEGIN {_BUMP}; END"
        for table in WATCHED
        for name, event in _events(table)
    ]


def _postgres_triggers() -> list[str]:
    return [_POSTGRES_FUNCTION] + [
        f"CREATE CONSTRAINT TRIGGER queue_generation_{table} "
        f"AFTER {' OR '.join(event for _, event in _events(table))} ON {table} "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION queue_generation_bump()"
        for table in WATCHED
    ]


def upgrade() -> None:
    op.create_table(
        "queue_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(
        sa.table(
            "queue_generation", sa.column("id", sa.Integer), sa.column("value", sa.BigInteger)
        ),
        [{"id": 1, "value": 0}],
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_triggers() if sqlite else _postgres_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in WATCHED:
            for name, _ in _events(table):
                op.execute(f"DROP TRIGGER queue_generation_{table}_{name}")
    else:
        for table in WATCHED:
            op.execute(f"DROP TRIGGER queue_generation_{table} ON {table}")
        op.execute("DROP FUNCTION queue_generation_bump()")
    op.drop_table("queue_generation")
