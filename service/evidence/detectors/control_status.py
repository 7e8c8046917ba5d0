""" "Reclaimed"/"liberated"/"occupied by X" against who the reference facts say holds the place,
and against the side of the officials the article quotes for its region."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from service.evidence.context import AnalysisContext
from service.evidence.factbase import FactBase, OfficialFact
from service.evidence.model import Attribution, Finding, Signal
from service.evidence.places import PLACE_NAME
from service.evidence.prefilter import finditer_at_capitals, required_keywords
from service.text import Document

_CONTROL = re.compile(
    r"\b(?P<verb>occupied|captured|seized|taken|held|controlled|reclaimed|liberated|retaken|"
    r"recaptured|regained|freed)(?:\s+by\s+(?P<side>[A-Z][\w-]+)\s+(?:forces|troops|army))?"
)
_CONTROL_KEYWORDS = required_keywords(_CONTROL)
"""A sentence holding none of these (in its lowered text) has no control verb."""
_RETURN_VERBS = frozenset({"reclaimed", "liberated", "retaken", "recaptured", "regained", "freed"})
_ANAPHORA = re.compile(r"\bthe (?:town|city|village|settlement)\b")


@dataclass(frozen=True, slots=True)
class _PlaceRef:
    name: str
    country: str | None
    admin1: str | None
    region_id: str | None
    controller: str | None
    control_source: str | None


def _check_control(
    document: Document,
    attributions: Sequence[Attribution],
    factbase: FactBase,
    found: list[Finding],
    claimed: Iterable[int],
) -> None:
    """`claimed`: the sentences, in order, that may hold a control verb (`_CONTROL_KEYWORDS`)."""
    places = _Places(document, factbase)
    for index in claimed:
        sentence = document.sentences[index]
        claim = _CONTROL.search(sentence.text)
        if claim is None:
            continue
        last_place = places.last_up_to(index)
        if last_place is None:
            continue
        if not places.named_in(index) and not _ANAPHORA.search(sentence.text):
            continue
        asserted, denied = _asserted_control(sentence.text, factbase)
        if asserted is None and denied is None:
            continue
        span = (sentence.start + claim.start(), sentence.start + _control_end(sentence.text))
        _against_reference(sentence.index, span, last_place, asserted, denied, found)
        _against_officials(
            document,
            sentence.index,
            span,
            last_place,
            asserted,
            denied,
            attributions,
            factbase,
            found,
        )


class _Places:
    """The places each sentence names, read only for the sentences a control claim needs: the
    claim's own and those back to the latest one naming a place."""

    def __init__(self, document: Document, factbase: FactBase) -> None:
        self._document, self._factbase = document, factbase
        self._named: dict[int, list[_PlaceRef]] = {}

    def named_in(self, index: int) -> list[_PlaceRef]:
        if index not in self._named:
            text = self._document.sentences[index].text
            self._named[index] = _places_in(text, self._factbase)
        return self._named[index]

    def last_up_to(self, index: int) -> _PlaceRef | None:
        """The last place named in sentence `index` or, if none, in the nearest before it."""
        for earlier in range(index, -1, -1):
            named = self.named_in(earlier)
            if named:
                return named[-1]
        return None


def _control_end(text: str) -> int:
    last = None
    for match in _CONTROL.finditer(text):
        last = match
    assert last is not None
    return last.end()


def _places_in(text: str, factbase: FactBase) -> list[_PlaceRef]:
    found = []
    for match in finditer_at_capitals(PLACE_NAME, text):
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
    found: list[Finding],
) -> None:
    if place.controller is None:
        return
    if place.controller == denied or (asserted is not None and asserted != place.controller):
        detail = (
            f"Reference facts: {place.name} is held by {place.controller}; "
            f"source: {place.control_source}."
        )
        signal = Signal("factbase_conflict", *span, detail, "factbase", 0.85)
        found.append(Finding.flag(sentence, signal))
    elif asserted == place.controller and denied is None:
        found.append(Finding(corroborated=(sentence,)))


def _against_officials(
    document: Document,
    sentence: int,
    span: tuple[int, int],
    place: _PlaceRef,
    asserted: str | None,
    denied: str | None,
    attributions: Sequence[Attribution],
    factbase: FactBase,
    found: list[Finding],
) -> None:
    for index, attribution in enumerate(attributions):
        official = factbase.official_named(attribution.name or "")
        if official is None or official.region != place.region_id:
            continue
        if official.side == denied or (asserted is not None and official.side != asserted):
            _control_contradiction(document, sentence, span, index, official, place, found)
            return


def _control_contradiction(
    document: Document,
    sentence: int,
    span: tuple[int, int],
    official_sentence: int,
    official: OfficialFact,
    place: _PlaceRef,
    found: list[Finding],
) -> None:
    claim_text = document.text[span[0] : span[1]]
    explanation = (
        f"The article says {place.name} was '{claim_text}', yet quotes {official.name}, "
        f"{official.description}, as the authority for it; an official installed by "
        f"{official.side} speaks for a place only while {official.side} holds it."
    )
    spans = {sentence: span, official_sentence: _name_span(document, official_sentence, official)}
    found.append(Finding.between("control_status", spans, explanation, 0.85, "factbase"))


def _name_span(document: Document, sentence_id: int, official: OfficialFact) -> tuple[int, int]:
    sentence = document.sentences[sentence_id]
    for name in sorted((official.name, *official.aliases), key=len, reverse=True):
        at = sentence.text.find(name)
        if at >= 0:
            return sentence.start + at, sentence.start + at + len(name)
    return sentence.start, sentence.end


class ControlStatus:
    name = "control_status"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        found: list[Finding] = []
        claimed = (sentence.index for sentence in ctx.sentences_having(_CONTROL_KEYWORDS))
        _check_control(ctx.document, ctx.attributions, ctx.factbase, found, claimed)
        return found
