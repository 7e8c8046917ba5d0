"""The reference-fact store: seeded from the shipped file, extendable at run time."""

from service.evidence.factbase import FactBase, OfficialFact, seed_factbase


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
