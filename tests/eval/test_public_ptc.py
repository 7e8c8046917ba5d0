"""PTC folders: Loaded_Language spans by character offset, and span-overlap precision/recall."""

from pathlib import Path

import pytest

from service.config import Settings
from service.eval.fast import FastRunner
from service.eval.labels import CaseFileError
from service.eval.ptc import is_ptc, load_ptc, score_ptc

ARTICLE = "Mayor opens bridge\r\n\r\nThe brutal winter delayed the work, officials said.\r\n"


def _folder(tmp_path: Path, labels: str, article: str = ARTICLE) -> Path:
    (tmp_path / "train-articles").mkdir()
    (tmp_path / "train-articles" / "article7.txt").write_bytes(article.encode("utf-8"))
    (tmp_path / "train-task2-TC.labels").write_text(labels, encoding="utf-8")
    return tmp_path


def _span(word: str) -> str:
    start = ARTICLE.index(word)
    return f"{start}\t{start + len(word)}"


def test_only_loaded_language_spans_are_gold(tmp_path: Path) -> None:
    labels = f"7\tLoaded_Language\t{_span('brutal')}\n7\tDoubt\t{_span('officials')}\n"

    (article,) = load_ptc(_folder(tmp_path, labels))

    assert [article.text[s:e] for s, e in article.gold] == ["brutal"]


def test_offsets_count_the_file_as_stored_without_newline_translation(tmp_path: Path) -> None:
    (article,) = load_ptc(_folder(tmp_path, f"7\tLoaded_Language\t{_span('winter')}\n"))

    assert "\r\n" in article.text
    assert article.text[slice(*article.gold[0])] == "winter"


def test_a_span_outside_its_article_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="outside the text"):
        load_ptc(_folder(tmp_path, "7\tLoaded_Language\t70\t900\n"))


def test_the_folder_is_recognised_by_its_labels_and_articles(tmp_path: Path) -> None:
    assert is_ptc(_folder(tmp_path, ""))


def test_scoring_reports_precision_recall_and_f1_with_their_counts(tmp_path: Path) -> None:
    labels = f"7\tLoaded_Language\t{_span('brutal')}\n7\tLoaded_Language\t{_span('bridge')}\n"
    articles = load_ptc(_folder(tmp_path, labels))

    with FastRunner(Settings()) as runner:
        report = score_ptc(articles, runner, str(tmp_path))

    # "brutal" is in the loaded-language lexicon; "bridge" is a plain noun nobody flags.
    figures = {f.name: f for f in report.sections[0].figures}
    assert (figures["precision"].value, figures["precision"].over) == (1.0, 1)
    assert (figures["recall"].value, figures["recall"].over) == (0.5, 2)
    assert figures["F1"].over == 1
