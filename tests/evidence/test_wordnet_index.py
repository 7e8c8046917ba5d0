"""WordNet's tables as one trie: the same answers as the shipped TSV files, from a shared file."""

from pathlib import Path

import pytest

from service.evidence import wordnet_index
from service.evidence.wordnet import WordNet, WordSet, WordTable
from service.resources import read_seed_text


def _tables_as_dicts(name: str) -> dict[str, str]:
    """What the TSV says, read the plain way (the last line of a word listed twice wins)."""
    lines = read_seed_text(f"lexicons/{name}").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def _wordnet(trie: wordnet_index.Trie) -> WordNet:
    words, tables = WordSet(trie), [WordTable(trie, tag) for tag in "iasdl"]
    return WordNet(words, *tables)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "deskcheck"


def test_the_trie_is_built_once_into_the_cache_and_mapped_from_it(cache_home: Path) -> None:
    net = _wordnet(wordnet_index.load_trie())
    files = list(cache_home.glob("wordnet-*.marisa"))
    assert len(files) == 1
    assert net.inflections.get("went") == "go"
    assert "decide" in net.words
    wordnet_index.load_trie()
    assert list(cache_home.glob("wordnet-*.marisa")) == files


def test_without_a_writable_cache_the_trie_is_built_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    net = _wordnet(wordnet_index.load_trie())
    assert net.lemmas("decided") == ("decided", "decide")
    assert net.kinds("windows")[0] == "noun.artifact"


def test_every_relation_answers_as_its_shipped_table(cache_home: Path) -> None:
    net = _wordnet(wordnet_index.load_trie())
    for table, name in (
        (net.inflections, "wordnet_inflections.tsv"),
        (net.synonyms, "wordnet_synonyms.tsv"),
        (net.lexnames, "wordnet_lexnames.tsv"),
    ):
        expected = _tables_as_dicts(name)
        assert all(table.get(word) == text for word, text in expected.items())
        assert dict(table.items()) == expected
    assert net.lexnames.get("qwzxv") is None
    assert "qwzxv" not in net.lexnames


def test_a_word_listed_twice_keeps_its_last_line() -> None:
    """'axes' is an inflection of 'ax' and of 'axis': a dict of the lines kept 'axis'."""
    expected = _tables_as_dicts("wordnet_inflections.tsv")["axes"]
    table = WordTable(wordnet_index.load_trie(), "i")
    assert table.get("axes") == expected
    assert [text for word, text in table.items() if word == "axes"] == [expected]


def test_the_editors_opposites_join_wordnets_both_ways() -> None:
    net = _wordnet(wordnet_index.load_trie())
    for line in read_seed_text("lexicons/antonyms.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        left, right = (word.strip() for word in line.lower().split("\t")[:2])
        assert right in net.opposites(left)
        assert left in net.opposites(right)


def test_a_damaged_cache_file_is_not_fatal(cache_home: Path) -> None:
    wordnet_index.load_trie()
    (built,) = cache_home.glob("wordnet-*.marisa")
    built.write_bytes(built.read_bytes()[:1000])
    net = _wordnet(wordnet_index.load_trie())
    assert net.inflections.get("went") == "go"
