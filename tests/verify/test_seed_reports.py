"""The seed articles through fast /verify: each finding the design promises, pinned."""

from tests.evidence.helpers import SEED_000, SEED_001, claim_containing, fast_report, seed_text


def test_anonymous_spokesperson_is_unverified_with_anonymous_source_flag() -> None:
    claim = claim_containing(fast_report(SEED_001), "A spokesperson for the regional")
    assert claim.status == "unverified"
    assert claim.asserted_by.kind == "anonymous_source"
    # The source phrase and the anonymity cue beside it are two cues for one source: one flag.
    [flag] = [f for f in claim.flags if f.type == "anonymous_source"]
    assert flag.text.endswith("speaking on condition of anonymity")
    assert "Unnamed source (spokesperson for the regional administration)" in flag.detail


def test_unconfirmed_report_from_a_source_is_unverified() -> None:
    claim = claim_containing(fast_report(SEED_001), "unconfirmed reports from a source")
    types = {f.type for f in claim.flags}
    assert claim.status == "unverified"
    assert {"unconfirmed", "anonymous_source"} <= types
    assert claim.asserted_by.role == "source within the Zaporizhzhia Oblast Security Service"


def test_reclaimed_town_contradicts_russian_installed_governor() -> None:
    report = fast_report(SEED_001)
    reclaimed = claim_containing(report, "before being reclaimed")
    governor = claim_containing(report, "Governor Evgeny Balitskiy")
    control = [x for x in report.contradictions if x.type == "control_status"]
    assert control
    assert set(control[0].claims) == {reclaimed.id, governor.id}
    assert reclaimed.status == "contradicted"
    # The reference fact and the contradiction it reveals are one flag with both reasons.
    [conflict] = [
        f for f in reclaimed.flags if f.type in {"factbase_conflict", "internal_contradiction"}
    ]
    assert conflict.type == "factbase_conflict"
    assert conflict.related == [governor.id]
    assert "Russian-installed governor" in conflict.detail


def test_telegram_message_and_live_broadcast_are_a_modality_contradiction() -> None:
    report = fast_report(SEED_001)
    modality = [x for x in report.contradictions if x.type == "modality"]
    broadcast = claim_containing(report, "live broadcast")
    assert len(modality) == 1
    assert broadcast.id in modality[0].claims
    assert any(f.text == "live broadcast" and f.related for f in broadcast.flags)


def test_population_figure_conflicts_with_reference() -> None:
    claim = claim_containing(fast_report(SEED_001), "3.2 million residents")
    conflict = [f for f in claim.flags if f.type == "factbase_conflict"]
    assert conflict[0].text == "3.2 million residents"
    assert "1,638,462" in conflict[0].detail
    assert conflict[0].detector == "factbase"


def test_aleisk_in_kherson_oblast_is_misidentified() -> None:
    claim = claim_containing(fast_report(SEED_000), "Aleisk, Kherson Oblast")
    flag = next(f for f in claim.flags if f.type == "misidentified_entity")
    assert flag.text.startswith("Aleisk")
    assert "Altai Krai" in flag.detail
    assert "Oleshky" in flag.detail


def test_loaded_terms_in_the_seeds_are_found() -> None:
    spans = [
        f.text.lower()
        for path in (SEED_000, SEED_001)
        for c in fast_report(path).claims
        for f in c.flags
        if f.type == "loaded_language"
    ]
    for word in ("harrowing", "shockwaves", "brutal", "relentless"):
        assert any(word in span for span in spans), word


def test_governor_quote_resolves_he_to_balitskiy() -> None:
    claim = claim_containing(fast_report(SEED_001), "Do not panic")
    assert claim.asserted_by.kind == "named_source"
    assert claim.asserted_by.name == "Evgeny Balitskiy"
    assert claim.asserted_by.verb == "urged"


def test_saldo_is_named_with_role_from_the_article() -> None:
    claim = claim_containing(fast_report(SEED_000), "According to a message published")
    assert claim.asserted_by.name == "Vladimir Saldo"
    assert claim.asserted_by.role == "region’s governor"
    assert claim.status == "attributed"


def test_every_span_quotes_the_submitted_text() -> None:
    for path in (SEED_000, SEED_001):
        text = seed_text(path)
        for claim in fast_report(path).claims:
            assert text[claim.start : claim.end] == claim.text
            for flag in claim.flags:
                assert text[flag.start : flag.end] == flag.text
