"""The reference-fact store: seeded from the shipped file, extendable at run time."""

from dataclasses import replace

from service.evidence.context import build_context
from service.evidence.detectors.misidentified_place import MisidentifiedPlace
from service.evidence.factbase import FactBase, OfficialFact, seed_factbase
from service.evidence.gazetteer import Gazetteer, load_gazetteer
from service.text import build_document


def test_seed_officials_resolve_by_transliteration() -> None:
    official = seed_factbase().official_named("Evgeny Balitskiy")
    assert official is not None
    assert official.side == "Russia"
    assert official.region == "UA-23"


def test_facts_added_at_run_time_are_found() -> None:
    factbase = FactBase()
    factbase.extend({"regions": [{"id": "XX-1", "name": "Test Oblast", "country": "XX"}]})
    factbase.add_official(
        OfficialFact("Ivan Test", "mayor", "XX-1", "Ukraine", "mayor of Test", "editor note")
    )
    assert factbase.region_named("test oblast") is not None
    assert factbase.official_named("Ivan Tiest") is None
    assert factbase.official_named("Ivan Test") is not None


def test_gazetteer_is_loaded_only_for_a_place_in_a_region() -> None:
    calls: list[int] = []

    def gazetteer() -> Gazetteer:
        calls.append(1)
        return load_gazetteer()

    plain = build_document("Officials said the bridge in Kherson was damaged on Monday.")
    list(MisidentifiedPlace().detect(replace(build_context(plain), gazetteer=gazetteer)))
    assert calls == []
    placed = build_document("Shelling hit Aleisk, Kherson Oblast, officials said.")
    list(MisidentifiedPlace().detect(replace(build_context(placed), gazetteer=gazetteer)))
    assert calls


def test_a_region_named_after_the_is_not_a_place_in_a_region() -> None:
    document = build_document("The Kirkuk region holds elections in May.")
    found = list(MisidentifiedPlace().detect(build_context(document)))
    assert found == []
