"""A region's population far from the dated reference figure (close to it: corroborated)."""

import re
from collections.abc import Iterable, Sequence

from service.evidence.context import AnalysisContext
from service.evidence.factbase import FactBase, RegionFact
from service.evidence.model import Attribution, Finding, Quantity, Signal
from service.evidence.places import REGION_MENTION
from service.text import Document

_POPULATION = re.compile(
    r"\b(?:(?:his|her|its|their|the region’s|the region's)\s+(?=\S*\d)|population of\s+|"
    r"home to\s+)"
)


def _check_figures(
    document: Document,
    attributions: Sequence[Attribution],
    quantities: Sequence[Quantity],
    factbase: FactBase,
    found: list[Finding],
) -> None:
    article_region: list[RegionFact | None] = []  # found once, when a figure first needs it
    for quantity in quantities:
        if not _is_population(document, quantity):
            continue
        region = _figure_region(document, quantity, attributions, factbase)
        if region is None and not article_region:
            article_region.append(_first_region(document, factbase))
        region = region or (article_region[0] if article_region else None)
        figure = (
            next((f for f in region.figures if f.kind == "population"), None) if region else None
        )
        if region is None or figure is None:
            continue
        ratio = quantity.value / figure.value
        if 0.8 <= ratio <= 1.25:
            found.append(Finding(corroborated=(quantity.sentence,)))
            continue
        detail = (
            f"Reference population of {region.name}: {figure.value:,.0f} ({figure.scope}; "
            f"{figure.source}, as of {figure.as_of}); "
            f"the article's figure is {ratio:.1f} times that."
        )
        signal = Signal("factbase_conflict", quantity.start, quantity.end, detail, "factbase", 0.8)
        found.append(Finding.flag(quantity.sentence, signal))


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
    match = REGION_MENTION.search(document.sentences[quantity.sentence].text)
    return factbase.region_named(match.group("region")) if match else None


def _first_region(document: Document, factbase: FactBase) -> RegionFact | None:
    for match in REGION_MENTION.finditer(document.text):
        region = factbase.region_named(match.group("region"))
        if region is not None:
            return region
    return None


class ReferenceFigures:
    name = "reference_figures"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        found: list[Finding] = []
        _check_figures(ctx.document, ctx.attributions, ctx.quantities, ctx.factbase, found)
        return found
