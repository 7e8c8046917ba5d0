"""Each detector on small made-up sentences, including the cases that must not fire."""

from service.evidence import analyze
from service.evidence.names import fold_name
from service.text import build_document
from tests.evidence.helpers import evidence_for, fast_report_of


def _types(text: str) -> set[str]:
    _, evidence = evidence_for(text)
    return {s.type for s in evidence.signals()}


def test_named_on_record_source_raises_no_unverified_flag() -> None:
    _, evidence = evidence_for("Mayor Anna Kovalenko said the bridge reopened on Monday.")
    claim = evidence.claims[0]
    assert claim.attribution.kind == "named_source"
    assert claim.attribution.name == "Anna Kovalenko"
    assert not {s.type for s in claim.signals} & {"anonymous_source", "unattributed_assertion"}


def test_unattributed_casualty_claim_is_flagged() -> None:
    _, evidence = evidence_for("Three civilians were killed when the market was struck.")
    assert evidence.claims[0].attribution.kind == "unattributed"
    assert "unattributed_assertion" in {s.type for s in evidence.claims[0].signals}


def test_agreeing_dates_for_one_attack_are_left_alone() -> None:
    text = (
        "In the early hours of March 3, drones struck the port. "
        "The attack, on the night of March 2, damaged two cranes."
    )
    _, evidence = evidence_for(text)
    assert not [c for c in evidence.contradictions if c.type == "temporal"]


def test_disagreeing_dates_for_one_attack_are_a_temporal_contradiction() -> None:
    text = (
        "On the morning of March 3, drones struck the port. "
        "The attack, on the evening of March 5, damaged two cranes."
    )
    _, evidence = evidence_for(text)
    temporal = [c for c in evidence.contradictions if c.type == "temporal"]
    assert temporal
    assert temporal[0].sentences == (0, 1)
    assert "temporal_inconsistency" in {s.type for s in evidence.claims[1].signals}


def test_two_counts_of_the_same_casualties_conflict() -> None:
    text = "Officials said 12 people were killed. The governor said 30 people were killed."
    _, evidence = evidence_for(text)
    assert [c for c in evidence.contradictions if c.type == "numeric"]


def test_at_least_bound_is_compatible_with_a_higher_count() -> None:
    text = "At least nine detonations were recorded. Residents heard 12 detonations overnight."
    _, evidence = evidence_for(text)
    assert not [c for c in evidence.contradictions if c.type == "numeric"]


def test_hedges_and_speculation_have_exact_spans() -> None:
    document, evidence = evidence_for(
        "The ministry has not ruled out sabotage, her voice trembling slightly as she spoke."
    )
    spans = {s.type: document.text[s.start : s.end] for s in evidence.signals()}
    assert spans["hedged"] == "has not ruled out"
    assert spans["speculation"] == "her voice trembling slightly"


def test_transliteration_variants_fold_to_one_key() -> None:
    assert fold_name("Aleisk") == fold_name("Aleysk")
    assert fold_name("Balitskiy") == fold_name("Balitsky")
    assert fold_name("Kamenka-Dneprovskaya") == fold_name("Kamenka-Dneprovska")


def test_place_in_its_own_region_is_not_misidentified() -> None:
    assert "misidentified_entity" not in _types("Shelling hit Oleshky, Kherson Oblast, on Friday.")


def test_control_claim_agreeing_with_reference_is_corroborated() -> None:
    _, evidence = evidence_for(
        "Kamianka-Dniprovska has been occupied by Russian forces since 2022."
    )
    assert evidence.claims[0].corroborated
    assert "factbase_conflict" not in {s.type for s in evidence.claims[0].signals}


def test_singular_causal_claim_is_flagged_like_the_plural() -> None:
    _, evidence = evidence_for("Garlic can cure the common cold.")
    assert "unattributed_assertion" in {s.type for s in evidence.claims[0].signals}


def test_a_mildly_emotive_lexicon_word_does_not_make_the_outlet_sentence_opinion() -> None:
    evidence = analyze(build_document("The company gave its staff a cheerful send-off in March."))
    flags = evidence.claims[0].signals
    assert [s.type for s in flags] == ["loaded_language"]
    assert flags[0].confidence < 0.7
    assert not evidence.claims[0].opinion


def test_a_curated_loaded_term_makes_the_outlet_sentence_opinion() -> None:
    evidence = analyze(build_document("It was a harrowing night for the town."))
    assert evidence.claims[0].opinion


def test_it_is_alleged_that_is_hedged() -> None:
    evidence = analyze(build_document("It is further alleged that he forged two signatures."))
    hedges = [s for s in evidence.claims[0].signals if s.type == "hedged"]
    assert [(s.start, s.end) for s in hedges] == [(0, len("It is further alleged"))]


def test_a_loaded_term_the_article_repeats_is_one_flag_at_its_first_use() -> None:
    text = (
        "The regime closed the border. Later the regime denied it.\n"
        "Officials of the regime did not comment."
    )
    first, *later = analyze(build_document(text)).loaded_terms()
    assert first.start == text.index("regime") and first.first_use is None
    assert "uses it 3 times" in first.detail
    assert [use.first_use for use in later] == [0, 0]  # kept for the neutral summary
    report = fast_report_of(text)
    shown = [f for c in report.claims for f in c.flags if f.type == "name_calling"]
    assert [(f.text, f.start) for f in shown] == [("regime", first.start)]


def test_loaded_words_in_a_named_sources_quote_are_marked_as_theirs_and_rank_lower() -> None:
    quoted = analyze(build_document("“The plan is shocking,” Mayor Jane Hill said on Monday."))
    unnamed = analyze(build_document("“The plan is shocking,” a resident said on Monday."))
    [named_flag], [unnamed_flag] = quoted.loaded_terms(), unnamed.loaded_terms()
    assert named_flag.detail.startswith("Quoted from Jane Hill, on the record")
    assert named_flag.confidence < unnamed_flag.confidence
    assert unnamed_flag.detail.startswith("Inside a direct quote")


def test_a_word_a_named_source_is_reported_to_have_used_is_theirs_and_ranks_lower() -> None:
    reported = analyze(
        build_document(
            "Mayor Jane Hill said the plan was a disgrace and called the council reckless."
        )
    )
    own = analyze(build_document("The council was reckless and the plan was a disgrace."))
    flags = {f.detail.split(",")[0]: f for f in reported.loaded_terms()}
    assert "Reported as the word of Jane Hill" in flags, list(flags)
    assert flags["Reported as the word of Jane Hill"].confidence < max(
        f.confidence for f in own.loaded_terms()
    )


def test_a_sentence_in_the_middle_of_a_long_quote_is_quoted_and_the_speakers() -> None:
    text = (
        "“We will fight this. The plan is a disgrace and a betrayal. We will win,” Mayor Jane "
        "Hill said on Monday."
    )
    [flag] = analyze(build_document(text)).loaded_terms()
    assert flag.detail.startswith("Quoted from Jane Hill, on the record")
    # A new paragraph starts outside any quote.
    [own] = analyze(
        build_document("“We will fight this.\n\nThe plan is a disgrace.")
    ).loaded_terms()
    assert not own.detail.startswith(("Quoted", "Inside"))
