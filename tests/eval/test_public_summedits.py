"""SummEdits files: loading, the naive rule, and balanced accuracy per domain."""

import json
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.eval.fast import FastRunner
from service.eval.labels import CaseFileError
from service.eval.summedits import load_summedits, naive_rule, score_summedits

DOC = "The bakery on Mill Street sold 40 loaves on Saturday. Its owner, Rosa Lind, said so."


def _write(folder: Path, domain: str, items: list[dict[str, Any]]) -> Path:
    path = folder / f"summedits_{domain}.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _item(summary: str, label: int) -> dict[str, Any]:
    return {"id": "x", "doc": DOC, "summary": summary, "label": label, "edit_types": []}


def test_a_folder_loads_every_domain_file_and_names_the_domain(tmp_path: Path) -> None:
    _write(tmp_path, "bakery", [_item("The bakery sold 40 loaves.", 1)])
    _write(tmp_path, "market", [_item("The bakery sold 90 loaves.", 0)])

    items = load_summedits(tmp_path)

    assert [(i.domain, i.consistent) for i in items] == [("bakery", True), ("market", False)]


def test_limit_keeps_the_first_items_of_each_file(tmp_path: Path) -> None:
    _write(tmp_path, "a", [_item("One.", 1), _item("Two.", 0)])
    _write(tmp_path, "b", [_item("Three.", 1), _item("Four.", 0)])

    items = load_summedits(tmp_path, limit=1)

    assert [i.summary for i in items] == ["One.", "Three."]


def test_a_label_outside_zero_and_one_is_a_file_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad", [_item("The bakery sold loaves.", 2)])

    with pytest.raises(CaseFileError, match="label"):
        load_summedits(path)


def test_naive_rule_calls_a_number_the_document_lacks_inconsistent() -> None:
    assert naive_rule(DOC, "The bakery sold 90 loaves.") is False


def test_naive_rule_calls_a_name_the_document_lacks_inconsistent() -> None:
    assert naive_rule(DOC, "Its owner, Rosa Berg, said so.") is False


def test_naive_rule_finds_a_sentence_initial_capital_in_lower_case() -> None:
    assert naive_rule(DOC, "Its owner said the bakery sold 40 loaves.") is True


def test_scoring_gives_balanced_accuracy_per_domain_with_the_naive_rule_beside(
    tmp_path: Path,
) -> None:
    items = [_item("The bakery sold 40 loaves on Saturday.", 1), _item("It sold 90 loaves.", 0)]
    path = _write(tmp_path, "bakery", items)

    with FastRunner(Settings()) as runner:
        report = score_summedits(load_summedits(path), runner, str(path))

    figures = {f.name: f for section in report.sections for f in section.figures}
    assert figures["bakery: naive rule"].value == 1.0
    assert figures["bakery: balanced accuracy"].over == 2
    assert figures["mean over domains: balanced accuracy"].over == 1
    assert len(report.seconds) == 2
