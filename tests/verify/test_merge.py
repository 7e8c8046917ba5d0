"""The merge rules: a flag type's effect on a claim's status comes from the flag table."""

from service.evidence.flag_types import types_with
from service.verify.merge import _CONTRADICTING, _UNVERIFIED


def test_merge_rules_read_their_status_effects_from_the_table() -> None:
    assert types_with("contradicts") == _CONTRADICTING
    assert "misidentified_entity" in _CONTRADICTING
    assert {
        "anonymous_source",
        "unconfirmed",
        "hedged",
        "unattributed_assertion",
        "embedded_instructions",
    } == _UNVERIFIED
