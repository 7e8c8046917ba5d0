"""REALSumm folders: tokenised documents back to prose, references, ROUGE against lead-3."""

import json
from pathlib import Path

from service.config import Settings
from service.eval.fast import FastRunner
from service.eval.realsumm import detokenize, find_sources, load_realsumm, score_realsumm
from tests.conftest import model_settings
from tests.fake_backend import completion, fake_backend

DOC = (
    "<t> the town council voted on monday to close the old library . `` it is a sad day , '' "
    "said one resident . the building has n't been repaired since 1990 . a new library will "
    "open in the market hall next year . officials said the move would save money . </t>"
)
REF = "<t> the council voted to close the old library .a new library will open next year . </t>"


def _folder(tmp_path: Path, documents: int = 1) -> Path:
    system = tmp_path / "abs" / "some_system"
    system.mkdir(parents=True)
    (system / "src.txt").write_text("\n".join([DOC] * documents) + "\n", encoding="utf-8")
    (system / "ref.txt").write_text("\n".join([REF] * documents) + "\n", encoding="utf-8")
    return tmp_path


def test_detokenize_glues_punctuation_and_capitalises_sentences() -> None:
    text = detokenize("the building has n't been repaired . `` it is sad , '' i said .")

    assert text == 'The building hasn\'t been repaired. "It is sad," I said.'


def test_references_split_into_their_sentences(tmp_path: Path) -> None:
    (doc,) = load_realsumm(_folder(tmp_path))

    assert doc.references == (
        "The council voted to close the old library.",
        "A new library will open next year.",
    )


def test_the_folder_is_recognised_by_a_src_with_its_ref(tmp_path: Path) -> None:
    assert find_sources(_folder(tmp_path)) == tmp_path / "abs" / "some_system" / "src.txt"


def test_scoring_puts_deskcheck_beside_lead_3_with_counts(tmp_path: Path) -> None:
    docs = load_realsumm(_folder(tmp_path, documents=2))

    with FastRunner(Settings()) as runner:
        report = score_realsumm(docs, runner, str(tmp_path))

    ours, lead3, reference = report.sections
    assert [f.name for f in lead3.figures][:3] == ["ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F (Lsum)"]
    assert all(f.over == 2 for f in ours.figures[:3])
    assert 0 < (lead3.figures[0].value or 0) <= 1
    assert [f.name for f in reference.figures] == [
        "loaded terms (count)",
        "unattributed claims (count)",
    ]
    assert [(f.name, f.value, f.over) for f in ours.figures[-2:]] == [
        ("unattributed quotes (count)", 0, 6),
        ("contradicted figures without source (count)", 0, 6),
    ]


def test_full_mode_scores_the_summaries_the_configured_model_writes(tmp_path: Path) -> None:
    docs = load_realsumm(_folder(tmp_path))
    point = {"text": "The town council voted on Monday to close the old library.", "sentences": [0]}
    with (
        fake_backend(completion(json.dumps({"points": [point]}))) as backend,
        FastRunner(model_settings(backend.base_url), "full") as runner,
    ):
        report = score_realsumm(docs, runner, str(tmp_path))

    assert len(backend.requests) == 1
    assert report.mode == "full"
    assert "(summaries: 1 llm)" in report.notes[0]
    assert (report.sections[0].figures[0].value or 0) > 0
