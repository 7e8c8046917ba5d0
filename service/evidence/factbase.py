"""The newsroom's reference facts: regions, places, officials and dated figures.

Seeded from `seeds/factbase/reference_facts.json`; the review workflow adds facts at run time
through `FactBase.add_*` or `FactBase.extend` (same shapes as the seed file). Lookups go through
folded names, so transliteration variants of one name find one entry.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from service.evidence.names import fold_name, lookup_key
from service.resources import read_seed_text

SEED_PATH = "factbase/reference_facts.json"


@dataclass(frozen=True, slots=True)
class ControlFact:
    by: str
    since: str | None
    as_of: str | None
    source: str
    extent: str = "full"


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str
    value: float
    as_of: str
    source: str
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class RegionFact:
    id: str
    name: str
    country: str
    geonames_admin1: str | None
    aliases: tuple[str, ...] = ()
    control: tuple[ControlFact, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceFact:
    name: str
    region: str
    geonameid: int | None = None
    type: str = "place"
    aliases: tuple[str, ...] = ()
    control: tuple[ControlFact, ...] = ()


@dataclass(frozen=True, slots=True)
class OfficialFact:
    name: str
    office: str
    region: str
    side: str
    description: str
    source: str
    since: str | None = None
    as_of: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class FactBase:
    """Indexed reference facts. Not thread-safe for writers: add facts from one place."""

    sides: dict[str, str] = field(default_factory=dict)
    regions: dict[str, RegionFact] = field(default_factory=dict)
    _region_names: dict[str, str] = field(default_factory=dict)
    _places: dict[str, list[PlaceFact]] = field(default_factory=dict)
    _officials: dict[str, OfficialFact] = field(default_factory=dict)

    def add_side(self, side: str, words: list[str]) -> None:
        for word in [side, *words]:
            self.sides[word.lower()] = side

    def add_region(self, region: RegionFact) -> None:
        self.regions[region.id] = region
        for name in (region.name, *region.aliases):
            self._region_names[fold_name(name)] = region.id

    def add_place(self, place: PlaceFact) -> None:
        for name in {fold_name(n) for n in (place.name, *place.aliases)}:
            self._places.setdefault(name, []).append(place)

    def add_official(self, official: OfficialFact) -> None:
        for name in (official.name, *official.aliases):
            self._officials[fold_name(name)] = official

    def extend(self, data: dict[str, Any]) -> None:
        """Add every fact of a document shaped like the seed file."""
        for side, words in data.get("sides", {}).items():
            self.add_side(side, list(words))
        for raw in data.get("regions", []):
            self.add_region(_region(raw))
        for raw in data.get("places", []):
            self.add_place(_place(raw))
        for raw in data.get("officials", []):
            self.add_official(_official(raw))

    def side_of(self, word: str) -> str | None:
        """`Russian-installed` -> `Russia`; None for words that name no side."""
        return self.sides.get(word.lower())

    def region_named(self, name: str) -> RegionFact | None:
        region_id = self._region_names.get(lookup_key(name))
        return self.regions.get(region_id) if region_id else None

    def region_by_admin1(self, country: str, admin1: str) -> RegionFact | None:
        for region in self.regions.values():
            if region.country == country and region.geonames_admin1 == admin1:
                return region
        return None

    def places_named(self, name: str) -> list[PlaceFact]:
        return self._places.get(lookup_key(name), [])

    def official_named(self, name: str) -> OfficialFact | None:
        return self._officials.get(lookup_key(name))

    def officials(self) -> list[OfficialFact]:
        return list({id(o): o for o in self._officials.values()}.values())


def _control(raw: dict[str, Any]) -> ControlFact:
    return ControlFact(
        raw["by"], raw.get("since"), raw.get("as_of"), raw["source"], raw.get("extent", "full")
    )


def _region(raw: dict[str, Any]) -> RegionFact:
    figures = tuple(
        Figure(f["kind"], float(f["value"]), f["as_of"], f["source"], f.get("scope"))
        for f in raw.get("figures", [])
    )
    return RegionFact(
        raw["id"],
        raw["name"],
        raw["country"],
        raw.get("geonames_admin1"),
        tuple(raw.get("aliases", [])),
        tuple(_control(c) for c in raw.get("control", [])),
        figures,
    )


def _place(raw: dict[str, Any]) -> PlaceFact:
    return PlaceFact(
        raw["name"],
        raw["region"],
        raw.get("geonameid"),
        raw.get("type", "place"),
        tuple(raw.get("aliases", [])),
        tuple(_control(c) for c in raw.get("control", [])),
    )


def _official(raw: dict[str, Any]) -> OfficialFact:
    return OfficialFact(
        raw["name"],
        raw["office"],
        raw["region"],
        raw["for"],
        raw["description"],
        raw["source"],
        raw.get("since"),
        raw.get("as_of"),
        tuple(raw.get("aliases", [])),
    )


def parse_factbase(source: str) -> FactBase:
    factbase = FactBase()
    factbase.extend(json.loads(source))
    return factbase


@lru_cache(maxsize=1)
def seed_factbase() -> FactBase:
    """The shared, process-wide reference store (the review workflow extends this instance)."""
    return parse_factbase(read_seed_text(SEED_PATH))
