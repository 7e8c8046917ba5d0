"""The articles of a `deskcheck batch`: one per file in a folder (.txt: the text; .json: an
article object), or one JSON object per line of a .jsonl file or standard input.

Every article gets a title, so the desk's queue lists it by name rather than as "(untitled)":
the JSON's own `title`; else the text's first line when it reads as a headline (short, and
not the whole text); else the file's name (with the line number in a .jsonl file).
"""

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from schemas.common import ArticleIn
from service.errors import BadArticle

HEADLINE_MAX_CHARS = 200
"""A first line longer than this is a paragraph, not a headline."""


def read_articles(source: str) -> Iterator[ArticleIn]:
    if source == "-":
        yield from _json_lines(sys.stdin, "stdin", "stdin")
        return
    path = Path(source)
    if path.is_dir():
        for file in sorted(p for p in path.iterdir() if p.suffix in (".txt", ".json")):
            yield _from_file(file)
        return
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            yield from _json_lines(lines, str(path), path.name)
        return
    yield _from_file(path)


def headline(text: str) -> str | None:
    """The text's first non-blank line, if it reads as a headline: at most HEADLINE_MAX_CHARS
    and followed by more text (a one-line article has no headline of its own)."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) > HEADLINE_MAX_CHARS:
        return None
    return first


def titled(article: ArticleIn, fallback: str) -> ArticleIn:
    """The article with a title: its own, else its headline, else `fallback` (a file name)."""
    if article.title and article.title.strip():
        return article
    return article.model_copy(update={"title": headline(article.text) or fallback})


def _from_file(file: Path) -> ArticleIn:
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".json":
        return titled(_article(json.loads(text), str(file)), file.name)
    return titled(ArticleIn(text=text), file.name)


def _json_lines(lines: TextIO, where: str, name: str) -> Iterator[ArticleIn]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                article = _article(json.loads(line), f"{where}:{number}")
            except json.JSONDecodeError as error:
                raise BadArticle(f"{where}:{number} is not JSON ({error.msg})") from error
            yield titled(article, f"{name}:{number}")


def _article(fields: Any, where: str) -> ArticleIn:
    try:
        return ArticleIn.model_validate(fields)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(p) for p in problem["loc"])
        raise BadArticle(f"{where}: {field}: {problem['msg']}") from error
