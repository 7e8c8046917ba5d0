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


def test_status_never_says_attributed_for_a_claim_nobody_named_asserts() -> None:
    from schemas.verify import VerifyResponse
    from tests.evidence.helpers import fast_report_of

    report: VerifyResponse = fast_report_of(
        "Rovers beat City 2-0 on Saturday. The devastating defeat left fans stunned. "
        "Officials said the stadium would close. Coach Ana Ruiz said the team was tired."
    )
    kinds = {c.asserted_by.kind: c.status for c in report.claims}
    assert all(
        c.status != "attributed" for c in report.claims if c.asserted_by.kind != "named_source"
    )
    assert kinds.get("named_source") == "attributed"
    assert "outlet" not in kinds or kinds["outlet"] != "attributed"
