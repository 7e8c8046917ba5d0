"""Loaded-sounding words used literally or technically are not flagged; the same words used
figuratively still are."""

from service.evidence.lexicon import loaded_spans


def _flagged(text: str) -> list[str]:
    return [text[span.start : span.end].lower() for span in loaded_spans(text)]


def test_physical_verb_with_a_physical_object_is_literal() -> None:
    assert "shattered" not in _flagged("A gas explosion shattered the kitchen windows.")
    assert "shattered" not in _flagged("Every pane of glass in the bakery was shattered.")
    assert "shattered" in _flagged("The ruling shattered the family's hopes.")
    assert "shattered" in _flagged("Her confidence was shattered by the defeat.")


def test_substance_or_body_compound_is_technical() -> None:
    assert "irritant" not in _flagged("Officers sprayed a chemical irritant at the protesters.")
    assert "traumatic" not in _flagged("Doctors found a traumatic brain injury in the patient.")
    assert "traumatic" in _flagged("The hearing was a traumatic ordeal for the witness.")


def test_term_beside_a_figure_describes_the_figure() -> None:
    assert "plunged" not in _flagged("Shares in the airline plunged 18% in early trading.")
    assert "plunged" in _flagged("The capital plunged into chaos after the vote.")
    assert "plunged" not in _flagged("Shares plunged after the results.")
    assert "overweight" not in _flagged("Analysts at the bank rate the stock overweight.")
    assert "relentless" in _flagged("They waged relentless war on the city.")


def test_present_participle_before_a_thing_stays_evaluative() -> None:
    assert "stunning" in _flagged("The museum unveiled a stunning bronze statue.")
    assert "harrowing" in _flagged("Survivors described a harrowing night in the cellar.")


def test_a_name_is_not_a_physical_neighbour() -> None:
    assert "slammed" in _flagged("The union slammed Governor Frost over the closures.")
    assert "slammed" not in _flagged("The wind slammed the barn door shut.")


def test_a_sentiment_word_that_names_an_act_or_event_is_the_plain_word_for_it() -> None:
    assert "insults" not in _flagged("The crowd hurled insults at the minister's car.")
    assert "perjury" not in _flagged("The senator faces a perjury charge in March.")
    assert "frantic" in _flagged("Frantic parents searched the park until dawn.")


def test_a_curated_term_inside_a_multi_word_name_is_part_of_the_name() -> None:
    assert "corrupt" not in _flagged("He was charged under the Foreign Corrupt Practices Act.")
    assert "savage" not in _flagged("The caller told Michael Savage about the shooting.")
    assert "corrupt" in _flagged("The corrupt officials were fired in March.")


def test_a_superlative_that_ranks_is_a_comparison() -> None:
    assert "virulent" not in " ".join(_flagged("It is one of the most virulent pathogens known."))
    assert "devastating" not in " ".join(
        _flagged("It was the most devastating attack on the city in decades.")
    )
    assert "notorious" not in " ".join(_flagged("Ebola is the world's most notorious disease."))
    assert "poorest" not in _flagged("The poorest parts of the borough flooded first.")
    assert "harshest" not in _flagged("It issued its harshest warnings to date.")
    assert "most astonishing" in _flagged("It was a most astonishing speech.")
    assert "devastating" in _flagged("The devastating attack on the city killed ten.")


def test_a_general_sentiment_word_after_a_linking_verb_states_a_state() -> None:
    assert "fearful" not in _flagged("Because the disease spreads easily, experts are fearful.")
    assert "frightened" not in _flagged("He was so frightened by the noise that he fled.")
    assert "hopeless" not in _flagged("We don't think the fight is hopeless, he said.")
    assert "rancid" in _flagged("He is a rancid character who posts insults.")
    # The hand-written tier is flagged in either place; a possessive is no linking verb.
    assert "outrageous" in _flagged("The decision was outrageous.")
    assert "reckless" in _flagged("Obama's reckless appeasement of Tehran went on.")


def _detail(text: str, word: str) -> str:
    [span] = [s for s in loaded_spans(text) if text[s.start : s.end].lower() == word]
    return span.detail


def test_a_word_someone_is_reported_to_have_called_a_thing_is_theirs() -> None:
    for text, word in (
        ("The senator called the minister a liar on Tuesday.", "liar"),
        ("Critics denounced the report as a whitewash.", "whitewash"),
        ("Assange described the story as a hoax.", "hoax"),
    ):
        assert _detail(text, word).startswith("Reported as the word of")
    # In quote marks it is a direct quote.
    assert _detail("She called the plan “outrageous” at the hearing.", "outrageous").startswith(
        "Inside a direct quote"
    )
    # A noun after a determiner, a particle verb and "so-called" name nothing.
    for text, word in (
        ("He slapped the label on his outrageous opinion.", "outrageous"),
        ("Orban called out the traitors in Europe.", "traitors"),
        ("The so-called outrageous plan passed.", "outrageous"),
        ("The outrageous plan passed, he said as the vote closed.", "outrageous"),
    ):
        assert not _detail(text, word).startswith("Reported"), text
