"""search: full-text search over each item's article (title, outlet, text)

SQLite: an FTS5 table `item_search(item_id UNINDEXED, body)`. PostgreSQL: a table with the body
and a generated `tsvector` ('simple' configuration, no stemming) under a GIN index. The body is
the article's words as service/store/search.py cuts them (so both engines find the same items);
existing items are indexed here with that same function.

Revision ID: 0012_search
Revises: 0011_comments
Create Date: 2026-12-04 14:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

from service.store.search import search_body

revision = "0012_search"
down_revision = "0011_comments"
branch_labels = None
depends_on = None

_EXISTING = """
SELECT i.id, a.title, a.outlet, a.text FROM review_items i JOIN articles a ON a.id = i.article_id
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE item_search (item_id VARCHAR(32) PRIMARY KEY REFERENCES review_items(id),"
            " body TEXT NOT NULL,"
            " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)"
        )
        op.execute("CREATE INDEX ix_item_search_tsv ON item_search USING GIN (tsv)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE item_search USING fts5("
            "item_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    insert = sa.text("INSERT INTO item_search (item_id, body) VALUES (:item_id, :body)")
    for item_id, title, outlet, text in bind.execute(sa.text(_EXISTING)):
        bind.execute(insert, {"item_id": item_id, "body": search_body(title, outlet, text)})


def downgrade() -> None:
    op.execute("DROP TABLE item_search")
