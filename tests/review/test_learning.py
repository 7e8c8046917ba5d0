"""The desk that learns, through the API on SQLite and PostgreSQL: tallies of editors'
decisions, the proposals they make, an applied rule changing the next analysis (and only in
its context), a revert undoing it, each in the audit chain."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from schemas.learning import RuleKey
from service.errors import DeskcheckError
from service.review import learning
from service.review.context import Actor
from service.review.learning import active_overlay
from tests.desk import Desk
from tests.review.learning import ARTICLES, OUTLET, apply, proposal, reject_brutal


def test_rejections_are_tallied_per_detector_term_and_outlet(desk: Desk) -> None:
    reject_brutal(desk)
    tallies = desk.get("/review/learning/tallies", role="admin").json()["tallies"]
    brutal = [t for t in tallies if t["term"] == "brutal"]
    assert {t["outlet"] for t in brutal} == {OUTLET, None}
    for tally in brutal:
        assert (tally["detector"], tally["flag_type"]) == (
            "rule:loaded_language",
            "loaded_language",
        )
        assert (tally["accepted"], tally["rejected"], tally["precision"]) == (0, 3, 0.0)


def test_a_term_rejected_again_and_again_is_proposed_for_suppression_with_its_evidence(
    desk: Desk,
) -> None:
    reject_brutal(desk)
    found = proposal(desk, "suppress", OUTLET)
    assert found["term"] == "brutal"
    assert found["family"] == "wording"
    assert found["evidence"] == f"rejected 3 of 3 decided (precision 0%) in {OUTLET}"


def test_an_applied_suppression_holds_in_its_outlet_only_and_a_revert_undoes_it(
    desk: Desk,
) -> None:
    reject_brutal(desk)
    assert active_overlay(desk.services.database) == ""
    rule = apply(desk, proposal(desk, "suppress", OUTLET))
    text = "A brutal storm hit the coast on Friday, the weather service said."
    in_outlet = desk.submit(text, outlet=OUTLET)
    elsewhere = desk.submit(text, outlet="Another Paper")
    assert "brutal" not in [f["text"] for f in in_outlet["flags"]]
    assert "brutal" in [f["text"] for f in elsewhere["flags"]]
    view = desk.get("/review/learning", role="admin").json()
    assert (view["overlay_version"], view["active_rules"]) == (1, 1)
    assert all(p["outlet"] != OUTLET or p["action"] != "suppress" for p in view["proposals"])

    reverted = desk.post(f"/review/learning/rules/{rule['id']}/revert", role="admin")
    assert reverted.status_code == 200, reverted.text
    assert reverted.json()["active"] is False
    again = desk.submit(text + " Again.", outlet=OUTLET)
    assert "brutal" in [f["text"] for f in again["flags"]]
    view = desk.get("/review/learning", role="admin").json()
    assert (view["overlay_version"], view["active_rules"]) == (2, 0)
    assert active_overlay(desk.services.database) == ""

    trail = desk.get("/review/audit", role="admin").json()["entries"]
    actions = [(e["action"], e["target"]) for e in trail if e["action"].startswith("overlay.")]
    target = f"overlay:{rule['id']}"
    assert actions == [("overlay.applied", target), ("overlay.reverted", target)]


def test_words_editors_flag_by_hand_become_a_cue_that_raises_flags(desk: Desk) -> None:
    text = "Officials called the plan a boondoggle in a statement on Monday, the report said."
    for n in range(3):
        item = desk.submit(text.replace("Monday", ("Monday", "Tuesday", "Friday")[n]))
        start = text.index("boondoggle")
        added = desk.post(
            f"/review/items/{item['id']}/flags",
            json={"start": start, "end": start + 10, "type": "loaded_language", "note": "loaded"},
        )
        assert added.status_code == 201, added.text
    found = proposal(desk, "cue", None)
    assert (found["term"], found["flag_type"], found["detector"]) == (
        "boondoggle",
        "loaded_language",
        "newsroom",
    )
    assert (
        found["evidence"]
        == "flagged by hand in 3 of the 3 decided articles holding it across every outlet"
    )
    apply(desk, found)
    later = desk.submit("The council's new stadium is a Boondoggle, critics wrote on Sunday.")
    raised = [f for f in later["flags"] if f["detector"] == "newsroom"]
    assert [(f["type"], f["text"]) for f in raised] == [("loaded_language", "Boondoggle")]


def test_a_term_always_accepted_is_proposed_a_higher_confidence(desk: Desk) -> None:
    for text in [*ARTICLES, ARTICLES[0] + " More.", ARTICLES[1] + " More."]:
        item = desk.submit(text)
        flag = next(f for f in item["flags"] if f["text"].lower() == "brutal")
        decided = desk.post(
            f"/review/items/{item['id']}/flags/{flag['id']}/decision", json={"decision": "accept"}
        )
        assert decided.status_code == 200, decided.text
    found = proposal(desk, "confidence", None)
    assert (found["term"], found["confidence"]) == ("brutal", 0.95)
    assert found["evidence"] == "accepted all 5 decided across every outlet"


def test_applying_what_is_not_proposed_is_refused_and_editors_cannot_apply(desk: Desk) -> None:
    body = {
        "action": "suppress",
        "flag_type": "loaded_language",
        "detector": "rule:loaded_language",
        "term": "brutal",
        "outlet": None,
    }
    refused = desk.post("/review/learning/rules", role="admin", json=body)
    assert refused.status_code == 409
    assert refused.json()["error"] == "not_proposed"
    assert desk.post("/review/learning/rules", role="editor", json=body).status_code == 403
    assert desk.get("/review/learning", role="editor").status_code == 403
    missing = desk.post("/review/learning/rules/99/revert", role="admin")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"


def test_a_rule_reverted_twice_is_refused(desk: Desk) -> None:
    reject_brutal(desk, outlet=None)
    rule = apply(desk, proposal(desk, "suppress", None))
    path = f"/review/learning/rules/{rule['id']}/revert"
    assert desk.post(path, role="admin").status_code == 200
    again = desk.post(path, role="admin")
    assert again.status_code == 409
    assert again.json()["error"] == "already_reverted"


def test_the_desk_page_is_for_admins_and_applies_and_reverts_by_form(sqlite_desk: Desk) -> None:
    desk = sqlite_desk
    reject_brutal(desk)
    desk.login("editor")
    refused = desk.client.get("/desk/learning", follow_redirects=False)
    assert refused.status_code == 303
    assert "admins" in refused.headers["location"]

    desk.login("admin")
    page = desk.client.get("/desk/learning")
    assert page.status_code == 200
    assert f"Rejected 3 of 3 decided (precision 0%) in {OUTLET}" in page.text
    fields = {
        "action": "suppress",
        "flag_type": "loaded_language",
        "detector": "rule:loaded_language",
        "term": "brutal",
        "outlet": OUTLET,
    }
    applied = desk.form("/desk/learning/apply", fields, follow_redirects=False)
    assert (applied.status_code, applied.headers["location"]) == (303, "/desk/learning")
    rules = desk.get("/review/learning", role="admin").json()["rules"]
    assert [(r["term"], r["outlet"], r["active"]) for r in rules] == [("brutal", OUTLET, True)]

    again = desk.form("/desk/learning/apply", fields, follow_redirects=False)
    assert "no%20longer%20open" in again.headers["location"]
    garbled = desk.form(
        "/desk/learning/apply", fields | {"action": "forget"}, follow_redirects=False
    )
    assert "could%20not%20be%20read" in garbled.headers["location"]

    reverted = desk.form(f"/desk/learning/rules/{rules[0]['id']}/revert", follow_redirects=False)
    assert (reverted.status_code, reverted.headers["location"]) == (303, "/desk/learning")
    assert desk.get("/review/learning", role="admin").json()["active_rules"] == 0


def test_reverting_a_rule_that_is_not_there_from_the_desk_says_so_in_plain_words(
    sqlite_desk: Desk,
) -> None:
    sqlite_desk.login("admin")
    missing = sqlite_desk.form("/desk/learning/rules/42/revert", follow_redirects=False)
    assert missing.status_code == 303
    assert "there%20is%20no%20change%2042%20to%20revert" in missing.headers["location"]


def test_two_admins_applying_one_proposal_at_once_apply_it_once(desk: Desk) -> None:
    reject_brutal(desk)
    key = RuleKey.model_validate(proposal(desk, "suppress", OUTLET))
    services = desk.services
    start = Barrier(2)

    def apply_as(name: str) -> str:
        start.wait()
        try:
            learning.apply(services.database, services.settings, key, Actor(name))
        except DeskcheckError as refused:
            return refused.kind
        return "applied"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(apply_as, ["ana", "ben"]))
    assert outcomes == ["applied", "not_proposed"]
    assert desk.get("/review/learning", role="admin").json()["active_rules"] == 1
