"""The reporting cues are data; their written forms come from the lemma or the TSV."""

from service.evidence.attribution.lexicon import cues_by_first_word, inflections, source_words


def test_regular_verb_inflections_are_generated() -> None:
    assert set(inflections("warn")) == {"warn", "warns", "warned", "warning"}
    assert set(inflections("deny")) == {"deny", "denies", "denied", "denying"}
    assert set(inflections("argue")) == {"argue", "argues", "argued", "arguing"}


def test_phrasal_cue_inflects_its_verb() -> None:
    assert "pointed out" in {" ".join(c.words) for c in cues_by_first_word()["pointed"]}


def test_irregular_forms_come_from_the_lexicon() -> None:
    table = cues_by_first_word()
    assert table["told"][0].lemma == "tell"
    assert table["wrote"][0].kind == "writing"
    assert "sayed" not in table


def test_clause_frame_is_read_from_the_lexicon() -> None:
    table = cues_by_first_word()
    assert table["said"][0].needs_clause is False
    assert table["added"][0].needs_clause is True


def test_source_words_cover_unnamed_sources_and_impersonal_phrases() -> None:
    words = source_words()
    assert {"source", "officials", "people"} <= words.anonymous
    assert "it is understood" in words.impersonal
    assert "Pentagon" in words.organisation
