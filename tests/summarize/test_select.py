"""The `select` summary task: the model may only name candidate sentences; code writes points."""

import json

import pytest
from llama_cpp.llama_grammar import SchemaConverter
from pydantic import ValidationError

from schemas.llm import SentenceChoice
from service.evidence import analyze
from service.summarize.extractive import extractive_summary
from service.summarize.select import candidates, choice_model, chosen_summary
from service.text import build_document

ARTICLE = build_document(
    "A drone struck a van in Aleisk on Monday. The driver, a deputy director, was injured. "
    "Governor Saldo reported the attack on Telegram. Officials said 12 people were evacuated. "
    "The harrowing attack shocked residents, a witness said. Repairs began on Tuesday."
)


def _grammar(model: type[SentenceChoice]) -> str:
    # llama-cpp-python's own JSON-schema-to-grammar converter, as its server runs it.
    converter = SchemaConverter(  # type: ignore[no-untyped-call]
        prop_order={}, allow_fetch=False, dotall=False, raw_pattern=False
    )
    converter.visit(json.loads(json.dumps(model.model_json_schema())), "")  # type: ignore[no-untyped-call]
    return str(converter.format_grammar())  # type: ignore[no-untyped-call]


def test_an_id_outside_the_candidates_is_refused() -> None:
    with pytest.raises(ValidationError):
        choice_model([0, 2, 5], 2).model_validate({"sentences": [3]})


def test_more_ids_than_points_are_refused() -> None:
    with pytest.raises(ValidationError):
        choice_model([0, 2, 5], 2).model_validate({"sentences": [0, 2, 5]})


def test_llama_cpp_compiles_the_candidates_into_its_grammar() -> None:
    grammar = _grammar(choice_model([0, 2, 5], 2))
    assert 'sentences-item ::= "0" | "2" | "5"' in grammar
    assert "[0-9]" not in grammar  # no free integers: only the offered ids can be generated


def test_candidates_are_twice_the_points_in_article_order() -> None:
    offered = [c.sentence for c in candidates(ARTICLE, analyze(ARTICLE), 2)]
    assert len(offered) == 4
    assert offered == sorted(offered)


def test_chosen_sentences_become_points_in_article_order_once_each() -> None:
    evidence = analyze(ARTICLE)
    offered = candidates(ARTICLE, evidence, 3)
    last, first = offered[-1].sentence, offered[0].sentence
    choice = SentenceChoice(sentences=[last, first, last])
    draft = chosen_summary(offered, choice, 3)
    assert [p.sentences for p in draft.points] == [[first], [last]]
    assert draft.points[0].text == ARTICLE.sentences[first].text


def test_a_sentence_longer_than_a_model_point_still_makes_an_extractive_point() -> None:
    long_sentence = "Officials in Aleisk said " + "that the road was closed, " * 14 + "on Monday."
    document = build_document(long_sentence)
    points = extractive_summary(document, analyze(document), 3).points
    assert len(points) == 1
    # Cut at a clause boundary within a model point's bound, never refused.
    assert len(points[0].text) <= 300 and points[0].text.endswith("closed…")
    assert long_sentence.startswith(points[0].text.removesuffix("…"))


def test_the_extractive_summary_is_the_earliest_of_the_shortlist() -> None:
    evidence = analyze(ARTICLE)
    offered = [c.sentence for c in candidates(ARTICLE, evidence, 2)]
    points = extractive_summary(ARTICLE, evidence, 2).points
    assert [p.sentences[0] for p in points] == offered[:2]
