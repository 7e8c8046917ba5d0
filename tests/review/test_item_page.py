"""The item page's server side: flags grouped by claim, one wording for who asserts a claim,
the colour key from the flag-type table, and the decision the page's script makes as JSON."""

import re
from typing import Any

from schemas.verify import AssertedBy
from service.evidence.flag_types import FAMILIES, SPECS
from service.review.item_page import STATUS_WORDS, describe_source
from tests.conftest import seed_text
from tests.desk import ORIGIN, Desk

SEED = "001_100bbb814b795ab1.txt"
AS_SCRIPT = {"Origin": ORIGIN, "Accept": "application/json"}


def _decide_as_script(desk: Desk, item: dict[str, Any], flag: dict[str, Any], **form: Any) -> Any:
    body = {"csrf_token": desk.csrf_token, "decision": "accept", **form}
    path = f"/desk/items/{item['id']}/flags/{flag['id']}"
    return desk.client.post(path, data=body, headers=AS_SCRIPT, follow_redirects=False)


def test_the_article_speaking_for_itself_reads_the_same_with_or_without_a_checkable_fact() -> None:
    outlet = describe_source(AssertedBy(kind="outlet"))
    unattributed = describe_source(AssertedBy(kind="unattributed"))
    assert outlet == "the article itself"
    assert unattributed == "the article itself, giving no source"


def test_sources_are_described_by_name_or_as_unnamed_with_their_verb() -> None:
    named = AssertedBy(kind="named_source", name="Vladimir Saldo", role="governor", verb="said")
    unnamed = AssertedBy(kind="anonymous_source", role="a spokesperson", verb="according to")
    assert describe_source(named) == "Vladimir Saldo, governor, “said”"
    assert describe_source(unnamed) == "an unnamed source (a spokesperson), “according to”"
    assert describe_source(AssertedBy(kind="anonymous_source")) == "an unnamed source"


def test_flags_are_grouped_under_their_claim_with_its_status_and_source(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    claims = {c["id"]: c for c in item["verify"]["claims"]}
    flagged_part = page.split('<details id="unflagged-claims">')[0]
    groups = re.findall(r'<section class="claim-group" id="group-([^"]+)">', flagged_part)
    assert sorted(groups) == sorted({f["claim_id"] for f in item["flags"]})
    assert groups == sorted(groups, key=lambda c: claims[c]["start"])  # article order
    first = page.split(f'id="group-{groups[0]}"')[1].split("</section>")[0]
    assert f'class="claim-status s-{claims[groups[0]]["status"]}"' in first
    assert "Asserted by " in first
    assert "own voice" not in page and "no one (unattributed)" not in page
    statuses = page.split('id="claim-statuses"')[1].split("</details>")[0]
    for status, words in STATUS_WORDS.items():  # what a status means: one tap away
        assert f'<span class="claim-status s-{status}">{status}</span> {words}' in statuses


def test_the_colour_key_lists_every_family_with_its_colour_and_label(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    page = sqlite_desk.client.get(f"/desk/items/{item['id']}").text
    for family, style in FAMILIES.items():
        assert f".f-{family} {{ --family: {style.colour};" in page
        assert f'<span class="swatch f-{family}">{style.label}</span>' in page
    assert len({style.colour for style in FAMILIES.values()}) == len(FAMILIES)
    assert SPECS["internal_contradiction"].colour != SPECS["loaded_language"].colour


def test_the_script_decides_a_flag_and_gets_it_back_as_json(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    flag = item["flags"][0]
    response = _decide_as_script(sqlite_desk, item, flag, note="agreed", expected_version="0")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["flag"]["decision"], answer["flag"]["note"]) == ("accept", "agreed")
    assert (answer["flag"]["version"], answer["item_status"]) == (1, "in_review")


def test_a_stale_decision_from_the_script_is_a_409_in_plain_words(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    flag = item["flags"][0]
    assert _decide_as_script(sqlite_desk, item, flag, expected_version="0").status_code == 200
    response = _decide_as_script(sqlite_desk, item, flag, expected_version="0")
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert response.json()["detail"].startswith("someone else decided this flag")


def test_a_submitter_deciding_from_the_script_gets_a_403_it_can_show(sqlite_desk: Desk) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login("submitter")
    response = _decide_as_script(sqlite_desk, item, item["flags"][0])
    assert response.status_code == 403
    assert "needs the editor role" in response.json()["detail"]


def test_the_decision_form_without_the_script_still_redirects_to_the_flag(
    sqlite_desk: Desk,
) -> None:
    item = sqlite_desk.submit(seed_text(SEED))
    sqlite_desk.login()
    flag = item["flags"][0]
    response = sqlite_desk.form(
        f"/desk/items/{item['id']}/flags/{flag['id']}",
        {"decision": "reject"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/desk/items/{item['id']}#flag-{flag['id']}"
