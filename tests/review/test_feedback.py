"""Decisions feeding back: only what editors decided on a claim is carried to another article,
as a note linking the earlier item and claim; acceptance rates per flag type."""

import html
from datetime import UTC, datetime
from typing import Any

from service.review.feedback import reviewed_facts
from service.review.stats import iso_week
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"


def _decide(desk: Desk, item: dict[str, Any], flag: dict[str, Any], decision: str) -> None:
    url = f"/review/items/{item['id']}/flags/{flag['id']}/decision"
    response = desk.post(url, json={"decision": decision, "note": f"{decision} on purpose"})
    assert response.status_code == 200, response.text


def _first(item: dict[str, Any], flag_type: str) -> dict[str, Any]:
    return next(f for f in item["flags"] if f["type"] == flag_type)


def _approve(desk: Desk, item: dict[str, Any]) -> None:
    """Approved with only the decisions under test: an admin's override of the gate."""
    desk.post(f"/review/items/{item['id']}/start")
    response = desk.post(
        f"/review/items/{item['id']}/approve",
        role="admin",
        json={"override_reason": "only the decisions under test"},
    )
    assert response.status_code == 200, response.text


def _statuses(item: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in item["verify"]["claims"]}


def test_approving_without_deciding_a_claim_carries_nothing_forward(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    _approve(desk, first)
    second = desk.submit(seed_text(SEED))
    assert second["prior_reviews"] == []
    assert "corroborated" not in _statuses(second).values()
    assert _statuses(second) == _statuses(first)
    with desk.services.database.session() as session:
        assert list(reviewed_facts(session)) == []


def test_an_accepted_flag_becomes_a_note_on_the_same_claim_with_who_and_when(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    flag = _first(first, "anonymous_source")
    _decide(desk, first, flag, "accept")
    _approve(desk, first)
    second = desk.submit(seed_text(SEED))
    (note,) = second["prior_reviews"]
    assert (note["item_id"], note["earlier_claim_id"]) == (first["id"], flag["claim_id"])
    assert note["url"] == f"/desk/items/{first['id']}#claim-notes-{flag['claim_id']}"
    (decision,) = note["decisions"]
    assert decision["action"] == "accepted"
    assert decision["flag_type"] == "anonymous_source"
    assert (decision["decided_by"], decision["note"]) == ("editor-key", "accept on purpose")
    assert decision["decided_at"].startswith(datetime.now(UTC).date().isoformat())


def test_an_accepted_unverified_flag_does_not_confirm_the_claim(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    _decide(desk, first, _first(first, "anonymous_source"), "accept")
    _approve(desk, first)
    second = desk.submit(seed_text(SEED))
    assert _statuses(second) == _statuses(first)
    with desk.services.database.session() as session:
        (fact,) = reviewed_facts(session)
    assert (fact.outcome, fact.accepted_flags) == ("flagged", ("anonymous_source",))


def test_a_rejected_flag_is_noted_as_judged_wrong_not_as_confirmation(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    flag = _first(first, "loaded_language")
    _decide(desk, first, flag, "reject")
    _approve(desk, first)
    second = desk.submit(seed_text(SEED))
    (note,) = second["prior_reviews"]
    assert [d["action"] for d in note["decisions"]] == ["rejected"]
    assert _statuses(second)[note["claim_id"]] == _statuses(first)[flag["claim_id"]]


def test_resubmission_after_approval_adds_no_flags_and_notes_only_decided_claims(
    desk: Desk,
) -> None:
    first = desk.submit(seed_text(SEED))
    decided = [_first(first, "anonymous_source"), _first(first, "loaded_language")]
    for flag in decided:
        _decide(desk, first, flag, "accept")
    _approve(desk, first)
    second = desk.submit(seed_text(SEED))
    assert len(first["flags"]) >= 10
    assert len(second["flags"]) == len(first["flags"])
    assert [f["type"] for f in second["flags"]] == [f["type"] for f in first["flags"]]
    noted = {n["claim_id"] for n in second["prior_reviews"]}
    assert noted == {f["claim_id"] for f in decided}


def test_a_confirmed_claim_is_corroborated_next_time_with_the_editors_note(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    claim = next(c for c in first["verify"]["claims"] if c["status"] == "unverified")
    url = f"/review/items/{first['id']}/claims/{claim['id']}/decision"
    confirmed = desk.post(url, json={"decision": "confirm", "note": "ministry, by phone"})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["claim_decisions"][-1]["decision"] == "confirm"
    _approve(desk, first)
    second = desk.submit(seed_text(SEED))
    corroborated = [c for c, s in _statuses(second).items() if s == "corroborated"]
    assert corroborated == [claim["id"]]
    (note,) = second["prior_reviews"]
    assert [(d["action"], d["note"]) for d in note["decisions"]] == [
        ("confirmed", "ministry, by phone")
    ]


def test_a_withdrawn_confirmation_confirms_nothing(desk: Desk) -> None:
    first = desk.submit(seed_text(SEED))
    url = f"/review/items/{first['id']}/claims/{first['verify']['claims'][0]['id']}/decision"
    for decision in ("confirm", "withdraw"):
        assert desk.post(url, json={"decision": decision}).status_code == 200
    _approve(desk, first)
    second = desk.submit(seed_text(SEED))
    assert second["prior_reviews"] == []
    assert "corroborated" not in _statuses(second).values()


def test_confirming_needs_a_claim_of_the_item_and_the_editor_role(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    url = f"/review/items/{item['id']}/claims/c999/decision"
    unknown = desk.post(url, json={"decision": "confirm"})
    assert unknown.status_code == 404
    assert "c999" in unknown.json()["detail"]
    claim = item["verify"]["claims"][0]["id"]
    response = desk.client.post(
        f"/review/items/{item['id']}/claims/{claim}/decision",
        json={"decision": "confirm"},
        headers=desk.headers("submitter"),
    )
    assert response.status_code == 403


def test_claims_of_an_unapproved_item_are_noted_as_provisional(desk: Desk) -> None:
    """Carried at once (tests/review/test_priors.py has the rest), never as a reviewed fact."""
    first = desk.submit(seed_text(SEED))
    _decide(desk, first, _first(first, "anonymous_source"), "accept")
    (note,) = desk.submit(seed_text(SEED))["prior_reviews"]
    assert note["standing"] == "provisional"
    with desk.services.database.session() as session:
        assert list(reviewed_facts(session)) == []


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


def test_the_desk_shows_the_note_and_its_link_opens_the_earlier_claim(sqlite_desk: Desk) -> None:
    first = sqlite_desk.submit(seed_text(SEED))
    flag = _first(first, "anonymous_source")
    _decide(sqlite_desk, first, flag, "accept")
    _approve(sqlite_desk, first)
    second = sqlite_desk.submit(seed_text(SEED))
    (note,) = second["prior_reviews"]
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{second['id']}").text
    assert f'<a href="{note["url"]}">item {first["id"][:8]}, claim {flag["claim_id"]}</a>' in page
    assert "editor-key accepted “anonymous source”" in page
    path, anchor = note["url"].split("#")
    earlier = sqlite_desk.client.get(path)
    assert earlier.status_code == 200
    assert f'id="{anchor}"' in earlier.text


def test_an_editor_confirms_a_claim_from_the_desk(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    claim = item["flags"][0]["claim_id"]
    sqlite_desk.login()
    response = sqlite_desk.form(
        f"/desk/items/{item['id']}/claims/{claim}",
        {"decision": "confirm", "note": "called the ministry"},
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/desk/items/{item['id']}#claim-notes-{claim}"
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    assert "Confirmed by editor-key on" in page and "called the ministry" in page
    assert 'value="withdraw"' in page


def test_a_claim_with_no_flag_is_listed_and_confirmed_from_the_desk(sqlite_desk: Desk) -> None:
    """Nothing flags it, so only the folded list offers it; once confirmed it carries its note."""
    item = sqlite_desk.submit(seed_text(SEED))
    flagged = {flag["claim_id"] for flag in item["flags"]}
    claim = next(c for c in item["verify"]["claims"] if c["id"] not in flagged)
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    folded = page.split('<details id="unflagged-claims">', 1)[1].split("</details>", 1)[0]
    unflagged = len(item["verify"]["claims"]) - len(flagged)
    assert f"Claims without flags ({unflagged})" in folded
    assert f'action="/desk/items/{item["id"]}/claims/{claim["id"]}"' in folded
    assert html.escape(claim["text"], quote=False) in folded
    for flagged_claim in flagged:
        assert f'id="group-{flagged_claim}"' not in folded

    sqlite_desk.form(
        f"/desk/items/{item['id']}/claims/{claim['id']}",
        {"decision": "confirm", "note": "checked the figure"},
    )
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    folded = page.split('<details id="unflagged-claims">', 1)[1].split("</details>", 1)[0]
    assert f'id="group-{claim["id"]}"' not in folded  # now among the claims with notes
    assert f"Claims without flags ({unflagged - 1})" in folded
    assert "Confirmed by editor-key on" in page and "checked the figure" in page


def test_a_submitter_cannot_confirm_a_claim_from_the_desk(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login("submitter")
    response = sqlite_desk.form(
        f"/desk/items/{item['id']}/claims/{item['flags'][0]['claim_id']}",
        {"decision": "confirm"},
    )
    assert "this needs the editor role" in response.text
    assert sqlite_desk.get(f"/review/items/{item['id']}").json()["claim_decisions"] == []


def test_a_claim_id_with_line_breaks_gets_the_plain_word_page(sqlite_desk: Desk) -> None:
    """The claim id ends up in the redirect's Location; a CR LF in it must never get that far."""
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    response = sqlite_desk.form(
        f"/desk/items/{item['id']}/claims/c1%0d%0aSet-Cookie:%20x=1",
        {"decision": "confirm"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "Not understood" in response.text
    assert "location" not in response.headers
    assert sqlite_desk.get(f"/review/items/{item['id']}").json()["claim_decisions"] == []
