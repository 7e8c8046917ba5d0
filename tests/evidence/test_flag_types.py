"""The flag-type table is the one home of every flag type: the schema and its readers agree."""

from typing import get_args

from schemas.llm import DraftFlagType
from schemas.verify import FlagType
from service.evidence.flag_types import FLAG_TYPES, model_reportable
from service.verify.service import _FLAG_TYPE_LIST


def test_the_table_lists_every_flag_type_of_the_schema_once() -> None:
    assert [spec.type for spec in FLAG_TYPES] == list(get_args(FlagType))


def test_a_model_is_offered_exactly_the_types_its_draft_schema_accepts() -> None:
    assert [spec.type for spec in model_reportable()] == list(get_args(DraftFlagType))


def test_the_verify_prompt_lists_each_reportable_type_with_its_description() -> None:
    for spec in model_reportable():
        assert f"- {spec.type}: {spec.description}" in _FLAG_TYPE_LIST
    assert "factbase_conflict" not in _FLAG_TYPE_LIST
