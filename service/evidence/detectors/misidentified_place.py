""" "Aleisk, Kherson Oblast" where the gazetteer puts every Aleisk in another region."""

import re
from collections.abc import Callable, Iterable, Iterator

from service.evidence.context import AnalysisContext
from service.evidence.factbase import FactBase
from service.evidence.gazetteer import Gazetteer
from service.evidence.model import Finding, Signal
from service.evidence.places import DESIGNATORS, PLACE_IN_REGION
from service.evidence.prefilter import finditer_at_capitals
from service.text import Sentence


class MisidentifiedPlace:
    name = "misidentified_place"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        """The gazetteer loads (once, seconds) only for an article naming a place in a region."""
        designators = [d for d in DESIGNATORS if d in ctx.document.text]
        for sentence in ctx.document.sentences if designators else ():
            if any(designator in sentence.text for designator in designators):
                yield from _misplaced(sentence, ctx.factbase, ctx.gazetteer)


def _misplaced(
    sentence: Sentence, factbase: FactBase, load_gazetteer: Callable[[], Gazetteer]
) -> Iterator[Finding]:
    for match in finditer_at_capitals(PLACE_IN_REGION, sentence.text):
        gazetteer = load_gazetteer()
        region = _region_key(match.group("region"), factbase, gazetteer)
        candidates = _candidates(match.group("place"), factbase, gazetteer)
        if region is None or not candidates or any(c[:2] == region for c in candidates):
            continue
        start = sentence.start + match.start("place")
        detail = _misidentified_detail(match, region, candidates, factbase, gazetteer)
        end = sentence.start + match.end()
        signal = Signal("misidentified_entity", start, end, detail, "factbase", 0.8)
        yield Finding.flag(sentence.index, signal)


def _region_key(name: str, factbase: FactBase, gazetteer: Gazetteer) -> tuple[str, str] | None:
    region = factbase.region_named(name)
    if region is not None and region.geonames_admin1:
        return region.country, region.geonames_admin1
    namesake = gazetteer.eponymous_place(name)
    return (namesake.country, namesake.admin1) if namesake else None


def _candidates(name: str, factbase: FactBase, gazetteer: Gazetteer) -> list[tuple[str, str, str]]:
    """(country, admin1, display name) of every known place called `name`."""
    found = []
    for place in factbase.places_named(name):
        region = factbase.regions.get(place.region)
        if region and region.geonames_admin1:
            found.append((region.country, region.geonames_admin1, place.name))
    found += [(p.country, p.admin1, p.name) for p in gazetteer.lookup(name)]
    return found


def _misidentified_detail(
    match: re.Match[str],
    region: tuple[str, str],
    candidates: list[tuple[str, str, str]],
    factbase: FactBase,
    gazetteer: Gazetteer,
) -> str:
    place = match.group("place")
    region_name = match.string[match.start("region") : match.end()]
    where = "; ".join(
        f"{name} ({_region_label(country, admin1, factbase)})"
        for country, admin1, name in candidates[:3]
    )
    detail = f"No place called {place} is in {region_name}: the gazetteer has {where}."
    similar = gazetteer.similar_in_region(place, *region)
    if similar:
        names = ", ".join(
            f"{name} (also spelled {alias})" if alias != name else name for name, alias in similar
        )
        detail += f" In {region_name} the closest names are {names}."
    return detail


def _region_label(country: str, admin1: str, factbase: FactBase) -> str:
    region = factbase.region_by_admin1(country, admin1)
    return f"{region.name}, {country}" if region else f"{country}, first-level region {admin1}"
