"""Editors' decisions that make the desk propose: shared by the learning tests and the tamper
tests of the overlay's rows."""

from typing import Any

from tests.desk import Desk

OUTLET = "The Daily Ledger"
ARTICLES = (
    "The brutal attack on the village left the council in shock, the mayor said on Monday.",
    "Residents described a brutal winter, with the river frozen for weeks, the mayor said.",
    "The brutal heat closed two schools on Tuesday, the education office said.",
)
"""Three articles whose one loaded-language flag is on "brutal"."""


def reject_brutal(desk: Desk, outlet: str | None = OUTLET) -> list[str]:
    """Submit the three articles and reject their "brutal" flag: a suppression proposal."""
    ids = []
    for text in ARTICLES:
        item = desk.submit(text, outlet=outlet) if outlet else desk.submit(text)
        flag = next(f for f in item["flags"] if f["text"].lower() == "brutal")
        decided = desk.post(
            f"/review/items/{item['id']}/flags/{flag['id']}/decision",
            json={"decision": "reject", "note": "a plain word here"},
        )
        assert decided.status_code == 200, decided.text
        ids.append(item["id"])
    return ids


def proposal(desk: Desk, action: str, outlet: str | None) -> dict[str, Any]:
    view = desk.get("/review/learning", role="admin").json()
    found: dict[str, Any] = next(
        p for p in view["proposals"] if p["action"] == action and p["outlet"] == outlet
    )
    return found


def apply(desk: Desk, found: dict[str, Any]) -> dict[str, Any]:
    fields = ("action", "flag_type", "detector", "term", "outlet")
    response = desk.post(
        "/review/learning/rules", role="admin", json={name: found[name] for name in fields}
    )
    assert response.status_code == 201, response.text
    rule: dict[str, Any] = response.json()
    return rule
