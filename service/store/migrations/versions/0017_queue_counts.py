"""queue counts: two more counters beside the queue generation, for what a queue count depends on

A queue page counts the items its filter matches. The generation (0008) moves with every change
to what a page shows, analysis progress included, so a page after a worker's write used to count
again too, though no count can have changed. `counted` moves only when an item is added or
removed or a column a filter reads changes (status, created_at, assigned_to,
open_contradictions, the article's outlet); `flagged` only when a flag row is added, removed or
retyped (the `flag_type` filter). A count is kept under the counters it depends on
(service/review/queue_pages.py), and served again while they stand.

Same triggers as 0008's: on SQLite a row trigger per change, on PostgreSQL deferred to commit and
once per transaction per counter. The search filter reads item_search, written with its item.

Revision ID: 0017_queue_counts
Revises: 0016_learning
Create Date: 2026-12-04 20:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_queue_counts"
down_revision = "0016_learning"
branch_labels = None
depends_on = None

COUNTED = {
    "review_items": (
        "id",
        "article_id",
        "status",
        "created_at",
        "assigned_to",
        "open_contradictions",
    ),
    "articles": ("id", "outlet"),
}
"""Table -> the columns a count's filter reads (items and articles): `counted` moves."""
FLAGGED = {"flags": ("item_id", "type")}
"""The flag rows the `flag_type` filter reads: `flagged` moves."""

_BUMPS = {
    "counted": "UPDATE queue_generation SET counted = counted + 1 WHERE id = 1",
    "flagged": "UPDATE queue_generation SET flagged = flagged + 1 WHERE id = 1",
}
_POSTGRES_FUNCTION = """
CREATE FUNCTION queue_counts_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counter text := TG_ARGV[0];
BEGIN
    IF current_setting('deskcheck.queue_' || counter, true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('deskcheck.queue_' || counter, 'yes', true);
        IF counter = 'flagged' THEN
            UPDATE queue_generation SET flagged = flagged + 1 WHERE id = 1;
        ELSE
            UPDATE queue_generation SET counted = counted + 1 WHERE id = 1;
        END IF;
    END IF;
    RETURN NULL;
END $$
"""


def _watched() -> list[tuple[str, str, tuple[str, ...]]]:
    return [("counted", t, c) for t, c in COUNTED.items()] + [
        ("flagged", t, c) for t, c in FLAGGED.items()
    ]


def _events(table: str, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(trigger name suffix, event); an article alone is not listed until its item."""
    update = ("update", f"UPDATE OF {', '.join(columns)}")
    delete = ("delete", "DELETE")
    return [update, delete] if table == "articles" else [("insert", "INSERT"), update, delete]


def _sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER queue_{counter}_{table}_{name} AFTER {event} ON {table} "
        f"BEGIN {_BUMPS[counter]}; END"
        for counter, table, columns in _watched()
        for name, event in _events(table, columns)
    ]


def _postgres_triggers() -> list[str]:
    return [_POSTGRES_FUNCTION] + [
        f"CREATE CONSTRAINT TRIGGER queue_{counter}_{table} "
        f"AFTER {' OR '.join(event for _, event in _events(table, columns))} ON {table} "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        f"EXECUTE FUNCTION queue_counts_bump('{counter}')"
        for counter, table, columns in _watched()
    ]


def upgrade() -> None:
    with op.batch_alter_table("queue_generation") as batch:
        batch.add_column(sa.Column("counted", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("flagged", sa.BigInteger(), nullable=False, server_default="0"))
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_triggers() if sqlite else _postgres_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for counter, table, columns in _watched():
            for name, _ in _events(table, columns):
                op.execute(f"DROP TRIGGER queue_{counter}_{table}_{name}")
    else:
        for counter, table, _ in _watched():
            op.execute(f"DROP TRIGGER queue_{counter}_{table} ON {table}")
        op.execute("DROP FUNCTION queue_counts_bump()")
    with op.batch_alter_table("queue_generation") as batch:
        batch.drop_column("flagged")
        batch.drop_column("counted")
