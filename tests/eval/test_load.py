"""Reading cases: quotes become offsets, and a bad label stops the run with its line and field."""

import json
from pathlib import Path
from typing import Any

import pytest

from service.eval.labels import CaseFileError
from service.eval.load import load_cases, load_properties

ARTICLE = "Officials said the brutal storm reportedly hit the town. The storm was brutal."


def _write_cases(tmp_path: Path, *cases: dict[str, Any]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def _case(**fields: Any) -> dict[str, Any]:
    return {"id": "c1", "article": ARTICLE, **fields}


def test_a_quoted_text_resolves_to_its_offsets(tmp_path: Path) -> None:
    path = _write_cases(tmp_path, _case(expected_flags=[{"type": "hedged", "text": "reportedly"}]))

    (flag,) = load_cases(path)[0].flags

    assert (flag.start, flag.end) == (32, 42)
    assert ARTICLE[flag.start : flag.end] == "reportedly"


def test_occurrence_picks_which_repeat_of_a_quote_is_meant(tmp_path: Path) -> None:
    label = {"type": "loaded_language", "text": "brutal", "occurrence": 2}
    path = _write_cases(tmp_path, _case(expected_flags=[label]))

    (flag,) = load_cases(path)[0].flags

    assert flag.start == ARTICLE.rindex("brutal")


def test_a_quote_missing_from_the_article_is_rejected_with_line_and_field(
    tmp_path: Path,
) -> None:
    good = _case(id="c0")
    bad = _case(expected_flags=[{"type": "hedged", "text": "allegedly"}])
    path = _write_cases(tmp_path, good, bad)

    with pytest.raises(CaseFileError) as caught:
        load_cases(path)

    assert caught.value.where == f"{path}:2"
    assert caught.value.field == "expected_flags[0].text"
    assert "'allegedly' does not occur in the article" in str(caught.value)


def test_a_quote_that_repeats_without_occurrence_is_rejected(tmp_path: Path) -> None:
    path = _write_cases(
        tmp_path, _case(expected_flags=[{"type": "loaded_language", "text": "brutal"}])
    )

    with pytest.raises(CaseFileError, match="occurs 2 times"):
        load_cases(path)


def test_an_unknown_flag_type_names_the_field(tmp_path: Path) -> None:
    path = _write_cases(tmp_path, _case(expected_flags=[{"type": "rumour", "text": "storm"}]))

    with pytest.raises(CaseFileError) as caught:
        load_cases(path)

    assert caught.value.field == "expected_flags[0].type"


def test_start_and_end_must_quote_the_same_text(tmp_path: Path) -> None:
    label = {"type": "hedged", "text": "reportedly", "start": 0, "end": 10}
    path = _write_cases(tmp_path, _case(expected_flags=[label]))

    with pytest.raises(CaseFileError, match=r"article\[0:10\] is 'Officials '"):
        load_cases(path)


def test_a_line_that_is_not_json_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(_case()) + "\n{not json\n", encoding="utf-8")

    with pytest.raises(CaseFileError) as caught:
        load_cases(path)

    assert caught.value.where == f"{path}:2"


def test_article_file_is_read_relative_to_the_cases_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    case = {
        "id": "c1",
        "article_file": "a.txt",
        "expected_flags": [{"type": "hedged", "text": "reportedly"}],
    }

    (loaded,) = load_cases(_write_cases(tmp_path, case))

    assert loaded.article == ARTICLE


def test_a_properties_file_reads_the_article_beside_it(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    properties = {
        "flags": [{"type": "hedged", "text": "reportedly"}],
        "statuses": [{"text_contains": "reportedly", "status": "unverified"}],
    }
    path = tmp_path / "x.expected.json"
    path.write_text(json.dumps(properties), encoding="utf-8")

    case = load_properties(path)

    assert case.article == ARTICLE
    assert [f.text for f in case.flags] == ["reportedly"]
    assert not case.exhaustive


def test_a_properties_quote_missing_from_the_article_names_its_field(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "x.expected.json"
    path.write_text(json.dumps({"flags": [{"type": "hedged", "text": "nope"}]}), encoding="utf-8")

    with pytest.raises(CaseFileError) as caught:
        load_properties(path)

    assert caught.value.field == "flags[0].text"
