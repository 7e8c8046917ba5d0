"""Full-text search over the queue: title, outlet and text of each item's article (the claims
are spans of that text), with SQLite's FTS5 or PostgreSQL's full-text search.

The two engines must find the same items for the same query, and their tokenizers disagree
(PostgreSQL keeps "3.2" or "e-mail" whole and would stem "councils"; FTS5 splits them and does
not stem). So the words are cut here, once, for both: Unicode letters and digits, lower-cased,
accents removed. The stored body is those words joined by spaces, which both engines split the
same way (FTS5's `unicode61` tokenizer; PostgreSQL's `simple` configuration, no stemming), and a
query is cut by the same function. Every word of a query must be in the article; a word ending
in `*` matches any word it begins ("evacuat*").
"""

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import String, column, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TextualSelect

_WORD = re.compile(r"[^\W_]+\*?")
MAX_TERMS = 12
"""Words of a query that count; more narrow nothing an editor can read."""


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool


def words(text_: str) -> list[str]:
    """The words both engines index: letters and digits, lower case, accents removed."""
    return [word.rstrip("*") for word in _WORD.findall(_plain(text_))]


def parse_query(query: str) -> list[Term]:
    """The query's words (each must match), a trailing `*` asking for a prefix."""
    return _terms(query, query=True)[:MAX_TERMS]


def search_body(title: str | None, outlet: str | None, text_: str) -> str:
    """What is indexed of an article: the words of its title, outlet and text."""
    return " ".join(word for part in (title or "", outlet or "", text_) for word in words(part))


def index_item(
    session: Session, item_id: str, title: str | None, outlet: str | None, text_: str
) -> None:
    """Make the item findable (in the caller's transaction)."""
    session.execute(
        text("INSERT INTO item_search (item_id, body) VALUES (:item_id, :body)"),
        {"item_id": item_id, "body": search_body(title, outlet, text_)},
    )


def matching_ids(dialect: str, terms: list[Term]) -> TextualSelect:
    """A SELECT of the ids of items holding every term (the words are letters and digits
    only, so they need no quoting beyond what each engine's syntax asks)."""
    if dialect == "postgresql":
        query = " & ".join(f"{t.word}:*" if t.prefix else t.word for t in terms)
        where = "tsv @@ to_tsquery('simple', :search)"
    else:
        query = " AND ".join(f'"{t.word}"*' if t.prefix else f'"{t.word}"' for t in terms)
        where = "item_search MATCH :search"
    # `where` is one of the two constant clauses above; the words go in as a bound parameter.
    found = text(f"SELECT item_id FROM item_search WHERE {where}").bindparams(search=query)  # noqa: S608
    return found.columns(column("item_id", String))


def _terms(text_: str, *, query: bool) -> list[Term]:
    terms = []
    for match in _WORD.finditer(_plain(text_)):
        word = match.group()
        prefix = word.endswith("*")
        terms.append(Term(word.rstrip("*"), prefix and query))
    return terms


def _plain(text_: str) -> str:
    """Case-folded, accents removed. An ASCII text is only lowered: it has no accent to remove,
    and its case folding is lowering (one C call, not one Python call per character of an
    article, which was a fifth of queueing a batch)."""
    if text_.isascii():
        return text_.lower()
    folded = unicodedata.normalize("NFKD", text_.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))
