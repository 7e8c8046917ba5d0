"""The newsroom's overlay as the evidence layer reads it: an empty one changes nothing, a rule
holds for its flag type, detector, term and outlet only."""

import dataclasses

from service.evidence import analyze
from service.evidence.overlay import (
    LEARNT_DETECTOR,
    Rule,
    normalized_term,
    overlay_json,
    parse_overlay,
    rules_for,
)
from service.text import build_document

TEXT = (
    "The brutal attack on the village left the council in shock, the mayor said on Monday. "
    "Critics called the new bridge a boondoggle. Another Boondoggle followed, they said."
)
SUPPRESS = Rule("suppress", "loaded_language", "brutal", "rule:loaded_language")
CUE = Rule("cue", "loaded_language", "boondoggle", LEARNT_DETECTOR)


def _flags(rules: tuple[Rule, ...]) -> list[tuple[str, str, str, float, int | None]]:
    evidence = analyze(build_document(TEXT), rules)
    return [
        (s.type, s.detector, TEXT[s.start : s.end], s.confidence, s.first_use)
        for claim in evidence.claims
        for s in claim.signals
    ]


def test_no_rules_is_the_shipped_layer_exactly() -> None:
    document = build_document(TEXT)
    assert dataclasses.asdict(analyze(document, ())) == dataclasses.asdict(analyze(document))
    assert overlay_json([]) == ""
    assert parse_overlay("") == ()


def test_a_suppressed_term_is_not_raised_and_others_are() -> None:
    shipped = _flags(())
    assert ("loaded_language", "rule:loaded_language", "brutal", 0.85, None) in shipped
    suppressed = _flags((SUPPRESS,))
    assert [f for f in suppressed if f[2] == "brutal"] == []
    assert [f for f in shipped if f[2] != "brutal"] == suppressed


def test_a_rule_of_another_detector_or_type_leaves_the_flag() -> None:
    other_detector = dataclasses.replace(SUPPRESS, detector="rule:other")
    other_type = dataclasses.replace(SUPPRESS, flag_type="hedged")
    assert _flags((other_detector,)) == _flags(()) == _flags((other_type,))


def test_a_confidence_rule_reweighs_the_flag() -> None:
    rule = dataclasses.replace(SUPPRESS, action="confidence", confidence=0.95)
    brutal = [f for f in _flags((rule,)) if f[2] == "brutal"]
    assert brutal == [("loaded_language", "rule:loaded_language", "brutal", 0.95, None)]


def test_a_cue_raises_its_type_on_whole_words_any_case_once_per_article() -> None:
    raised = [f for f in _flags((CUE,)) if f[1] == LEARNT_DETECTOR]
    assert raised == [
        ("loaded_language", LEARNT_DETECTOR, "boondoggle", 0.6, None),
        ("loaded_language", LEARNT_DETECTOR, "Boondoggle", 0.6, 1),
    ]


def test_rules_hold_for_their_outlet_and_round_trip_as_canonical_json() -> None:
    local = dataclasses.replace(SUPPRESS, outlet="The Daily Ledger")
    text = overlay_json([CUE, local])
    assert text == overlay_json([local, CUE])
    assert rules_for(text, "The Daily Ledger") == parse_overlay(text)
    assert rules_for(text, None) == (CUE,)
    assert rules_for(text, "Another Paper") == (CUE,)


def test_terms_compare_lower_cased_with_spaces_collapsed() -> None:
    assert normalized_term("  Brutal\n  Regime ") == "brutal regime"


SOURCED = "Officials said the bridge would reopen in May. The council met on Monday."


def _who(text: str, rules: tuple[Rule, ...]) -> list[tuple[str, list[tuple[str, str]]]]:
    evidence = analyze(build_document(text), rules)
    return [
        (claim.attribution.kind, [(s.type, text[s.start : s.end]) for s in claim.signals])
        for claim in evidence.claims
    ]


def test_an_unnamed_source_editors_reject_is_no_source_any_more() -> None:
    assert _who(SOURCED, ())[0] == ("anonymous_source", [("anonymous_source", "Officials")])
    rule = Rule("suppress", "anonymous_source", "officials", "rule:attribution")
    kind, flags = _who(SOURCED, (rule,))[0]
    assert kind in ("outlet", "unattributed")
    assert ("anonymous_source", "Officials") not in flags


def test_a_learnt_sourcing_cue_makes_its_sentence_an_unnamed_sources() -> None:
    text = "The council met on Monday. The bridge looked unsafe to the crowd."
    assert _who(text, ())[1][0] in ("outlet", "unattributed")
    rule = Rule("cue", "anonymous_source", "looked", LEARNT_DETECTOR)
    assert _who(text, (rule,))[1] == ("anonymous_source", [("anonymous_source", "looked")])
