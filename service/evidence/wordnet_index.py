"""WordNet's shipped tables as one static trie (marisa-trie), memory-mapped from a cache file.

Read into dicts, the 5.6 MB of `seeds/lexicons/wordnet_*.tsv` became some 400,000 Python
strings (about 45 MB resident) in every process that analyses: the serving process and each
evidence worker. As a MARISA trie the same tables take 2.6 MB, and memory-mapped from one file
(`cache_files.py`: built once per content, in about 0.3 s) their pages are shared by every
process and read only where a look-up lands. Where no cache directory can be written the trie
is built in memory (still 2.6 MB, private to the process).

One trie holds every table: a key is the table's one-letter tag, a tab and the word; its value
is the table's text for the word (UTF-8), empty for the word list.
"""

import hashlib
import importlib.metadata
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, cast

import marisa_trie

from service.evidence.cache_files import build_atomically, cache_file
from service.resources import seed_digest, seed_lines

log = logging.getLogger(__name__)

_FORMAT = 1
"""Bumped when the keys or values below change shape."""

TABLES = {
    "w": "wordnet_words.tsv",
    "i": "wordnet_inflections.tsv",
    "a": "wordnet_antonyms.tsv",
    "s": "wordnet_synonyms.tsv",
    "d": "wordnet_derivations.tsv",
    "l": "wordnet_lexnames.tsv",
}
"""Each table's tag (the first part of its keys) and its shipped file."""
EDITOR_ANTONYMS = "antonyms.tsv"
"""Opposites an editor adds, merged into WordNet's (tag "a") both ways."""


class Trie(Protocol):
    """What the look-ups use of `marisa_trie.BytesTrie` (the package ships no type hints)."""

    def get(self, key: str, default: None = None) -> list[bytes] | None: ...

    def __contains__(self, key: str) -> bool: ...


def load_trie() -> Trie:
    """The tables, memory-mapped from the cache file (built first if missing), or in memory."""
    path = cache_file(f"wordnet-{_digest()}.marisa")
    if path is not None and not path.exists():
        build_atomically(path, _write_file, (RuntimeError,))
    if path is not None and path.exists():
        try:
            return cast(Trie, marisa_trie.BytesTrie().mmap(str(path)))
        except RuntimeError as error:  # marisa's own: a damaged or vanished file
            log.warning("%s cannot be read (%s): WordNet built in memory", path, error)
    return cast(Trie, marisa_trie.BytesTrie(_entries()))


def lines(name: str) -> Iterator[str]:
    """The data lines of a shipped table (the licence header and blank lines dropped), read a
    buffer at a time: a copy of the whole text would stay behind in the heap."""
    return (line for line in seed_lines(f"lexicons/{name}") if _is_data(line))


def rows(name: str) -> Iterator[tuple[str, str]]:
    """(word, text) of each data line of a shipped relation table, in the file's order."""
    for line in lines(name):
        word, text = line.split("\t", 1)
        yield word, text


def _is_data(line: str) -> bool:
    return bool(line) and not line.startswith("#")


def _digest() -> str:
    """What decides the trie's content: the shipped tables, this code, the package version."""
    version = importlib.metadata.version("marisa-trie")
    digest = hashlib.sha256(f"format {_FORMAT}, marisa-trie {version}".encode())
    digest.update(Path(__file__).read_bytes())
    for name in (*TABLES.values(), EDITOR_ANTONYMS):
        seed_digest(f"lexicons/{name}", digest)
    return digest.hexdigest()[:16]


def _write_file(path: Path) -> None:
    marisa_trie.BytesTrie(_entries()).save(str(path))


def table_rows(tag: str) -> Iterator[tuple[str, str]]:
    """(word, text) of each line of a relation's table, in the file's order; the editor's
    opposites are merged into WordNet's (tag "a")."""
    return iter(_antonyms().items()) if tag == "a" else rows(TABLES[tag])


def _entries() -> Iterator[tuple[str, bytes]]:
    for tag, name in TABLES.items():
        if tag == "w":
            yield from ((f"w\t{word}", b"") for word in lines(name))
        else:
            table = dict(table_rows(tag))  # a word listed twice holds its last line's text
            yield from ((f"{tag}\t{word}", text.encode()) for word, text in table.items())


def _antonyms() -> dict[str, str]:
    """WordNet's opposites, with the pairs an editor adds in antonyms.tsv."""
    table = dict(rows(TABLES["a"]))
    for line in lines(EDITOR_ANTONYMS):
        left, right = (word.strip() for word in line.lower().split("\t")[:2])
        table[left] = f"{table.get(left, '')} {right}"
        table[right] = f"{table.get(right, '')} {left}"
    return table
