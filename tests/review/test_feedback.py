"""Decisions feeding back: reviewed claims flag later articles; acceptance rates per type."""

from datetime import UTC, datetime
from typing import Any

from service.review.feedback import normalize, overlap, reviewed_facts
from service.review.stats import iso_week
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"


def _approve_with(desk: Desk, item: dict[str, Any], decisions: dict[str, str]) -> None:
    desk.post(f"/review/items/{item['id']}/start")
    for flag_type, decision in decisions.items():
        flag = next(f["id"] for f in item["flags"] if f["type"] == flag_type)
        desk.post(f"/review/items/{item['id']}/flags/{flag}/decision", json={"decision": decision})
    desk.post(f"/review/items/{item['id']}/approve")


def _previously_reviewed(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        f
        for c in item["verify"]["claims"]
        for f in c["flags"]
        if f["type"] == "previously_reviewed"
    ]


def test_approval_enters_every_claim_into_the_reviewed_set(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    _approve_with(desk, item, {"anonymous_source": "accept"})
    with desk.services.database.session() as session:
        facts = list(reviewed_facts(session))
    assert len(facts) == len(item["verify"]["claims"])
    assert any(f.accepted_flags == ("anonymous_source",) for f in facts)


def test_a_claim_editors_reviewed_is_flagged_in_a_new_article(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    _approve_with(desk, first, {"anonymous_source": "accept"})
    second = desk.submit(seed_text(SEED))
    flags = _previously_reviewed(second)
    assert len(flags) == len(first["verify"]["claims"])
    assert all(f["related"][0].startswith(f"item:{first['id']}#") for f in flags)
    assert any("anonymous_source" in f["detail"] for f in flags)


def test_claims_of_an_unapproved_item_are_not_reused(desk: Desk) -> None:
    desk.submit(seed_text(SEED))
    assert _previously_reviewed(desk.submit(seed_text(SEED))) == []


def test_previously_reviewed_flags_are_in_the_decidable_flags(desk: Desk) -> None:
    _approve_with(desk, desk.submit(seed_text(SEED)), {})
    second = desk.submit(seed_text(SEED))
    assert "previously_reviewed" in {f["type"] for f in second["flags"]}


def test_normalized_text_ignores_case_and_punctuation() -> None:
    assert normalize("The Mayor said: “No.”") == normalize("the mayor said no")


def test_high_word_overlap_counts_as_a_match() -> None:
    a = normalize("the governor said nine drones were shot down over the city on monday")
    b = normalize("the governor said nine drones were shot down over the city monday")
    assert overlap(a, b) >= 0.8
    assert overlap(a, normalize("the council approved the budget for next year")) < 0.8


def test_stats_give_the_acceptance_rate_per_flag_type_and_week(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    loaded = [f["id"] for f in item["flags"] if f["type"] == "loaded_language"][:2]
    for flag, decision in zip(loaded, ("accept", "reject"), strict=True):
        desk.post(f"/review/items/{item['id']}/flags/{flag}/decision", json={"decision": decision})
    stats = desk.get("/review/stats").json()
    row = next(r for r in stats["overall"] if r["flag_type"] == "loaded_language")
    assert (row["accepted"], row["rejected"], row["acceptance_rate"]) == (1, 1, 0.5)
    assert stats["weeks"][0]["week"] == iso_week(datetime.now(UTC))


def test_only_the_newest_decision_on_a_flag_counts(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    flag = item["flags"][0]["id"]
    for decision in ("accept", "reject"):
        desk.post(f"/review/items/{item['id']}/flags/{flag}/decision", json={"decision": decision})
    (row,) = desk.get("/review/stats").json()["overall"]
    assert (row["accepted"], row["rejected"]) == (0, 1)


def test_a_claim_editors_approved_unflagged_is_corroborated_next_time(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    _approve_with(desk, first, {})
    second = desk.submit(seed_text(SEED))
    claims = second["verify"]["claims"]
    corroborated = [c for c in claims if c["status"] == "corroborated"]
    assert corroborated
    assert all(c["status"] in ("corroborated", "contradicted") for c in claims)
    assert second["verify"]["counts"]["unverified"] == 0
