"""Checks against the reference facts and the gazetteer.

- control status: "reclaimed"/"liberated"/"occupied by X" against who the reference facts say
  holds the place, and against the side of the officials the article quotes for its region;
- misidentified places: "Aleisk, Kherson Oblast" where the gazetteer puts every Aleisk elsewhere;
- figures: a region's population far from the dated reference figure.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from service.evidence.consistency import Finding
from service.evidence.factbase import FactBase, OfficialFact, RegionFact
from service.evidence.gazetteer import Gazetteer
from service.evidence.model import Attribution, ContradictionEvidence, Quantity, Signal
from service.evidence.prefilter import finditer_at_capitals
from service.text import Document

_NAME_WORD = r"[A-Z][\w’'-]*[a-z]"
_PLACE = rf"{_NAME_WORD}(?:[\s-]{_NAME_WORD}){{0,2}}"
_PLACE_NAME = re.compile(_PLACE)
_DESIGNATOR = r"(?:Oblast|oblast|Krai|Kray|krai|Region|region|Province|province|Governorate)"
_PLACE_IN_REGION = re.compile(
    rf"\b(?P<place>{_PLACE}),?\s+(?:in\s+(?:the\s+)?)?(?P<region>{_PLACE})\s+{_DESIGNATOR}\b"
)
_DESIGNATORS = tuple(_DESIGNATOR.removeprefix("(?:").removesuffix(")").split("|"))
"""`_PLACE_IN_REGION` needs a designator word: sentences without one skip it."""
_REGION_MENTION = re.compile(rf"\b(?P<region>{_PLACE})\s+{_DESIGNATOR}\b")
_CONTROL = re.compile(
    r"\b(?P<verb>occupied|captured|seized|taken|held|controlled|reclaimed|liberated|retaken|"
    r"recaptured|regained|freed)(?:\s+by\s+(?P<side>[A-Z][\w-]+)\s+(?:forces|troops|army))?"
)
_RETURN_VERBS = frozenset({"reclaimed", "liberated", "retaken", "recaptured", "regained", "freed"})
_ANAPHORA = re.compile(r"\bthe (?:town|city|village|settlement)\b")
_POPULATION = re.compile(
    r"\b(?:(?:his|her|its|their|the region’s|the region's)\s+(?=\S*\d)|population of\s+|"
    r"home to\s+)"
)


@dataclass(slots=True)
class ReferenceResult:
    findings: list[Finding] = field(default_factory=list)
    signals: dict[int, list[Signal]] = field(default_factory=dict)
    corroborated: set[int] = field(default_factory=set)

    def flag(self, sentence: int, signal: Signal) -> None:
        self.signals.setdefault(sentence, []).append(signal)


@dataclass(frozen=True, slots=True)
class _PlaceRef:
    name: str
    country: str | None
    admin1: str | None
    region_id: str | None
    controller: str | None
    control_source: str | None


def check_reference(
    document: Document,
    attributions: Sequence[Attribution],
    quantities: Sequence[Quantity],
    factbase: FactBase,
    gazetteer: Callable[[], Gazetteer],
) -> ReferenceResult:
    """`gazetteer` loads the gazetteer (seconds, once per process): it is only called for an
    article that names a place in a region, so most articles never wait for it."""
    result = ReferenceResult()
    _check_places_in_regions(document, factbase, gazetteer, result)
    _check_control(document, attributions, factbase, result)
    _check_figures(document, attributions, quantities, factbase, result)
    return result


# Misidentified places ----------------------------------------------------------------------


def _check_places_in_regions(
    document: Document,
    factbase: FactBase,
    load_gazetteer: Callable[[], Gazetteer],
    result: ReferenceResult,
) -> None:
    for sentence in document.sentences:
        if not any(designator in sentence.text for designator in _DESIGNATORS):
            continue
        for match in finditer_at_capitals(_PLACE_IN_REGION, sentence.text):
            gazetteer = load_gazetteer()
            region = _region_key(match.group("region"), factbase, gazetteer)
            candidates = _candidates(match.group("place"), factbase, gazetteer)
            if region is None or not candidates or any(c[:2] == region for c in candidates):
                continue
            start = sentence.start + match.start("place")
            detail = _misidentified_detail(match, region, candidates, factbase, gazetteer)
            result.flag(
                sentence.index,
                Signal(
                    "misidentified_entity",
                    start,
                    sentence.start + match.end(),
                    detail,
                    "factbase",
                    0.8,
                ),
            )


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


# Control status ----------------------------------------------------------------------------


def _check_control(
    document: Document,
    attributions: Sequence[Attribution],
    factbase: FactBase,
    result: ReferenceResult,
) -> None:
    last_place: _PlaceRef | None = None
    for sentence in document.sentences:
        places = _places_in(sentence.text, factbase)
        if places:
            last_place = places[-1]
        if last_place is None:
            continue
        claim = _CONTROL.search(sentence.text)
        if claim is None:
            continue
        if not places and not _ANAPHORA.search(sentence.text):
            continue
        asserted, denied = _asserted_control(sentence.text, factbase)
        if asserted is None and denied is None:
            continue
        span = (sentence.start + claim.start(), sentence.start + _control_end(sentence.text))
        _against_reference(sentence.index, span, last_place, asserted, denied, result)
        _against_officials(
            document,
            sentence.index,
            span,
            last_place,
            asserted,
            denied,
            attributions,
            factbase,
            result,
        )


def _control_end(text: str) -> int:
    last = None
    for match in _CONTROL.finditer(text):
        last = match
    assert last is not None
    return last.end()


def _places_in(text: str, factbase: FactBase) -> list[_PlaceRef]:
    found = []
    for match in finditer_at_capitals(_PLACE_NAME, text):
        for place in factbase.places_named(match.group(0)):
            region = factbase.regions.get(place.region)
            control = place.control[-1] if place.control else None
            found.append(
                _PlaceRef(
                    place.name,
                    region.country if region else None,
                    region.geonames_admin1 if region else None,
                    place.region,
                    control.by if control else None,
                    f"{control.source} (as of {control.as_of})" if control else None,
                )
            )
    return found


def _asserted_control(text: str, factbase: FactBase) -> tuple[str | None, str | None]:
    """(side said to hold the place now, side said to have lost it)."""
    holder: str | None = None
    for match in _CONTROL.finditer(text):
        side = factbase.side_of(match.group("side") or "")
        if match.group("verb") in _RETURN_VERBS:
            return (side if side != holder else None), holder
        holder = side or holder
    return holder, None


def _against_reference(
    sentence: int,
    span: tuple[int, int],
    place: _PlaceRef,
    asserted: str | None,
    denied: str | None,
    result: ReferenceResult,
) -> None:
    if place.controller is None:
        return
    if place.controller == denied or (asserted is not None and asserted != place.controller):
        detail = (
            f"Reference facts: {place.name} is held by {place.controller}; "
            f"source: {place.control_source}."
        )
        result.flag(sentence, Signal("factbase_conflict", *span, detail, "factbase", 0.85))
    elif asserted == place.controller and denied is None:
        result.corroborated.add(sentence)


def _against_officials(
    document: Document,
    sentence: int,
    span: tuple[int, int],
    place: _PlaceRef,
    asserted: str | None,
    denied: str | None,
    attributions: Sequence[Attribution],
    factbase: FactBase,
    result: ReferenceResult,
) -> None:
    for index, attribution in enumerate(attributions):
        official = factbase.official_named(attribution.name or "")
        if official is None or official.region != place.region_id:
            continue
        if official.side == denied or (asserted is not None and official.side != asserted):
            _control_contradiction(document, sentence, span, index, official, place, result)
            return


def _control_contradiction(
    document: Document,
    sentence: int,
    span: tuple[int, int],
    official_sentence: int,
    official: OfficialFact,
    place: _PlaceRef,
    result: ReferenceResult,
) -> None:
    claim_text = document.text[span[0] : span[1]]
    explanation = (
        f"The article says {place.name} was '{claim_text}', yet quotes {official.name}, "
        f"{official.description}, as the authority for it; an official installed by "
        f"{official.side} speaks for a place only while {official.side} holds it."
    )
    contradiction = ContradictionEvidence(
        "control_status", (sentence, official_sentence), explanation, "factbase", 0.85
    )
    official_span = _name_span(document, official_sentence, official)
    result.findings.append(
        Finding(contradiction, {sentence: span, official_sentence: official_span})
    )


def _name_span(document: Document, sentence_id: int, official: OfficialFact) -> tuple[int, int]:
    sentence = document.sentences[sentence_id]
    for name in sorted((official.name, *official.aliases), key=len, reverse=True):
        at = sentence.text.find(name)
        if at >= 0:
            return sentence.start + at, sentence.start + at + len(name)
    return sentence.start, sentence.end


# Figures -----------------------------------------------------------------------------------


def _check_figures(
    document: Document,
    attributions: Sequence[Attribution],
    quantities: Sequence[Quantity],
    factbase: FactBase,
    result: ReferenceResult,
) -> None:
    article_region = _first_region(document, factbase)
    for quantity in quantities:
        if not _is_population(document, quantity):
            continue
        region = _figure_region(document, quantity, attributions, factbase) or article_region
        figure = (
            next((f for f in region.figures if f.kind == "population"), None) if region else None
        )
        if region is None or figure is None:
            continue
        ratio = quantity.value / figure.value
        if 0.8 <= ratio <= 1.25:
            result.corroborated.add(quantity.sentence)
            continue
        detail = (
            f"Reference population of {region.name}: {figure.value:,.0f} ({figure.scope}; "
            f"{figure.source}, as of {figure.as_of}); "
            f"the article's figure is {ratio:.1f} times that."
        )
        result.flag(
            quantity.sentence,
            Signal("factbase_conflict", quantity.start, quantity.end, detail, "factbase", 0.8),
        )


def _is_population(document: Document, quantity: Quantity) -> bool:
    if quantity.referent not in ("residents", "inhabitants", "people", "citizens", "population"):
        return False
    before = document.text[max(0, quantity.start - 20) : quantity.start]
    return bool(_POPULATION.search(before + document.text[quantity.start : quantity.start + 1]))


def _figure_region(
    document: Document,
    quantity: Quantity,
    attributions: Sequence[Attribution],
    factbase: FactBase,
) -> RegionFact | None:
    official = factbase.official_named(attributions[quantity.sentence].name or "")
    if official is not None:
        return factbase.regions.get(official.region)
    match = _REGION_MENTION.search(document.sentences[quantity.sentence].text)
    return factbase.region_named(match.group("region")) if match else None


def _first_region(document: Document, factbase: FactBase) -> RegionFact | None:
    for match in _REGION_MENTION.finditer(document.text):
        region = factbase.region_named(match.group("region"))
        if region is not None:
            return region
    return None
