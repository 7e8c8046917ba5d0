"""PolNeAR brat folders: relations with and without a source, and the content+source match."""

from pathlib import Path

from schemas.verify import AssertedBy, Claim, SourceKind
from service.config import Settings
from service.eval.fast import FastRunner
from service.eval.polnear import (
    Relation,
    claim_matches,
    is_polnear,
    load_polnear,
    score_polnear,
)

TEXT = (
    "The ferry will stop running in June, the harbour master said.\n\n"
    "Fares are expected to rise, it is understood.\n"
)


def _at(words: str) -> str:
    start = TEXT.index(words)
    return f"{start} {start + len(words)}\t{words}"


ANN = "\n".join(
    [
        f"T1\tContent {_at('The ferry will stop running in June')}",
        f"T2\tSource {_at('the harbour master')}",
        f"T3\tCue {_at('said')}",
        f"T4\tAttribution {_at('said')}",
        "E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3",
        f"T5\tContent {_at('Fares are expected to rise')}",
        f"T6\tCue {_at('it is understood')}",
        f"T7\tAttribution-no-source {_at('it is understood')}",
        "E2\tAttribution-no-source:T7 Content:T5 Cue:T6",
    ]
)


def _folder(tmp_path: Path, ann: str = ANN, annotators: tuple[str, ...] = ("ab12",)) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "harbour.txt").write_bytes(TEXT.encode("utf-8"))
    for annotator in annotators:
        path = tmp_path / "attributions" / f"harbour_{annotator}.ann"
        path.write_bytes((ann + "\n").encode("utf-8"))
    return tmp_path


def _claim(kind: SourceKind, start: int, end: int, source: tuple[int, int] | None) -> Claim:
    s, e = source or (None, None)
    return Claim(
        id="c1",
        text=TEXT[start:end],
        start=start,
        end=end,
        sentence=0,
        asserted_by=AssertedBy(kind=kind, start=s, end=e),
        status="attributed",
        flags=[],
    )


def test_a_relation_keeps_its_content_and_source_spans(tmp_path: Path) -> None:
    (article,), _ = load_polnear(_folder(tmp_path))

    sourced, sourceless = article.relations
    assert [TEXT[s:e] for s, e in sourced.source] == ["the harbour master"]
    assert [TEXT[s:e] for s, e in sourceless.content] == ["Fares are expected to rise"]
    assert sourceless.source == ()


def test_every_annotated_string_is_checked_against_the_text(tmp_path: Path) -> None:
    (article,), _ = load_polnear(_folder(tmp_path))

    assert article.quotes_checked == 7
    assert article.quotes_differing == ()


def test_a_discontinuous_content_keeps_each_fragment(tmp_path: Path) -> None:
    first, second = TEXT.index("The ferry"), TEXT.index("in June")
    ann = f"T1\tContent {first} {first + 9};{second} {second + 7}\tThe ferry in June\n" + (
        "T2\tAttribution-no-source 0 3\tThe\nE1\tAttribution-no-source:T2 Content:T1"
    )

    (article,), _ = load_polnear(_folder(tmp_path, ann))

    assert [TEXT[s:e] for s, e in article.relations[0].content] == ["The ferry", "in June"]
    assert article.quotes_differing == ()


def test_of_several_annotators_only_the_first_file_counts(tmp_path: Path) -> None:
    articles, notes = load_polnear(_folder(tmp_path, annotators=("zz99", "ab12")))

    assert len(articles) == 1
    assert "several annotation files" in notes[0]


def test_a_claim_matches_when_content_and_source_mention_both_overlap() -> None:
    relation = Relation(content=((0, 35),), source=((42, 60),))

    assert claim_matches(_claim("named_source", 0, 61, (42, 60)), relation)
    assert not claim_matches(_claim("named_source", 0, 61, None), relation)
    assert not claim_matches(_claim("named_source", 0, 61, (0, 9)), relation)


def test_a_sourceless_relation_is_matched_by_an_anonymous_claim_only() -> None:
    relation = Relation(content=((63, 89),), source=())

    assert claim_matches(_claim("anonymous_source", 63, 108, None), relation)
    assert not claim_matches(_claim("named_source", 63, 108, (90, 106)), relation)


def test_scoring_prints_content_only_figures_as_a_separate_section(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    articles, notes = load_polnear(folder)

    with FastRunner(Settings()) as runner:
        report = score_polnear(articles, runner, str(folder), notes)

    strict, secondary = report.sections
    assert strict.figures[1].name == "content+source recall"
    assert strict.figures[1].over == 2
    assert "content overlap only" in secondary.title


def test_the_folder_is_recognised_by_its_text_and_attributions(tmp_path: Path) -> None:
    assert is_polnear(_folder(tmp_path))
