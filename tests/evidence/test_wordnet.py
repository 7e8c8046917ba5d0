"""The WordNet 3.0 tables the summary check reads."""

from service.evidence.wordnet import wordnet
from service.resources import read_seed_text


def test_inflected_form_has_its_dictionary_form() -> None:
    assert "decide" in wordnet().lemmas("decided")
    assert "go" in wordnet().lemmas("went")


def test_derivation_links_verb_and_noun() -> None:
    assert "decision" in wordnet().kin("decide")


def test_pertainym_links_adjective_and_country() -> None:
    assert "china" in wordnet().kin("chinese")


def test_satellite_adjective_has_the_opposite_head_as_antonym() -> None:
    assert "cheap" in wordnet().opposites("pricey")


def test_names_are_not_dictionary_words() -> None:
    assert wordnet().is_word("substation")
    assert not wordnet().is_word("kovalenko")


def test_every_table_carries_the_wordnet_notice() -> None:
    for name in ("words", "inflections", "antonyms", "synonyms", "derivations"):
        head = read_seed_text(f"lexicons/wordnet_{name}.tsv")[:300]
        assert "WordNet 3.0 Copyright 2006 by Princeton University" in head


def test_kinds_name_what_a_word_names_most_often() -> None:
    assert wordnet().kinds("windows")[0] == "noun.artifact"
    assert wordnet().kinds("sent") == wordnet().kinds("send")  # not the Estonian coin
    assert "verb.change" in wordnet().kinds("shattered")
    assert wordnet().kinds("qwzxv") == ()
