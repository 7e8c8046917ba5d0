"""Approved items in bulk (JSON lines and CSV, by the queue's filters) and the printable
verification report: what an editor hands over once the desk is done with an item."""

import csv
import io
import json
from typing import Any

import pytest

from service.review import exports
from tests.conftest import seed_text
from tests.desk import Desk

SEED = "000_7164c3a58de98ac3.txt"
CONTRADICTORY = "001_100bbb814b795ab1.txt"
JSONL = "/review/exports/approved.jsonl"
CSV = "/review/exports/approved.csv"


def _approved(desk: Desk, seed: str, **article: Any) -> dict[str, Any]:
    item = desk.submit(seed_text(seed), **article)
    desk.decide_all(item["id"])
    approved = desk.post(f"/review/items/{item['id']}/approve")
    assert approved.status_code == 200, approved.text
    result: dict[str, Any] = approved.json()
    return result


def _csv(desk: Desk, **params: Any) -> list[dict[str, str]]:
    response = desk.get(CSV, **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_json_lines_carry_each_approved_item_as_its_own_export(desk: Desk) -> None:
    older = _approved(desk, SEED, outlet="Wire")
    newer = _approved(desk, CONTRADICTORY, outlet="Daily")
    desk.submit(seed_text(SEED), outlet="Wire", title="still pending")
    response = desk.get(JSONL)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in response.headers["content-disposition"]
    lines = [json.loads(line) for line in response.text.splitlines()]
    # Newest first, the pending item left out, each line what the one-item export gives.
    assert [line["item"]["id"] for line in lines] == [newer["id"], older["id"]]
    for line in lines:
        one = desk.get(f"/review/items/{line['item']['id']}/export").json()
        assert line["item"] == one["item"]
        # Each export is its own event in the chain, the bulk one's as the single one's.
        assert line["audit"][-1]["action"] == "item.exported"
        assert one["audit"][: len(line["audit"])] == line["audit"]
    by_outlet = desk.get(JSONL, outlet="Wire").text.splitlines()
    assert [json.loads(line)["item"]["id"] for line in by_outlet] == [older["id"]]


def test_csv_has_a_row_per_claim_with_source_status_and_decisions(desk: Desk) -> None:
    item = _approved(desk, SEED, title='=HYPERLINK("http://evil.example")', outlet="Wire")
    rows = _csv(desk)
    claims = item["verify"]["claims"]
    assert len(rows) == len(claims) > 0
    assert list(rows[0]) == list(exports.CSV_COLUMNS)
    assert [row["claim_id"] for row in rows] == [claim["id"] for claim in claims]
    # A title a spreadsheet would run as a formula stays text.
    assert {row["title"] for row in rows} == {'\'=HYPERLINK("http://evil.example")'}
    flagged = next(row for row in rows if row["flags"])
    assert "accept" in flagged["decisions"]
    assert flagged["decided_by"]
    assert {row["approved_by"] for row in rows} == {
        next(
            e["actor"]
            for e in desk.get(f"/review/items/{item['id']}/export").json()["audit"]
            if e["action"] == "item.approved"
        )
    }
    assert _csv(desk, outlet="nobody") == []


def test_a_bulk_export_walks_every_page(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "EXPORT_PAGE", 1)
    ids = {_approved(desk, seed)["id"] for seed in (SEED, CONTRADICTORY, SEED)}
    lines = desk.get(JSONL).text.splitlines()
    assert {json.loads(line)["item"]["id"] for line in lines} == ids
    assert len(lines) == 3


def test_only_editors_export(desk: Desk) -> None:
    for path in (JSONL, CSV):
        refused = desk.get(path, role="submitter")
        assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")


def test_the_printable_report_shows_claims_decisions_and_the_audit_digest(desk: Desk) -> None:
    item = _approved(desk, CONTRADICTORY, title="Town reclaimed", outlet="Wire")
    export = desk.get(f"/review/items/{item['id']}/export").json()
    desk.login()
    page = desk.client.get(f"/desk/items/{item['id']}/report")
    assert page.status_code == 200
    assert "Verification report: Town reclaimed" in page.text
    assert export["audit"][-1]["hash"] in page.text
    assert f"Claims ({len(item['verify']['claims'])})" in page.text
    assert f"Contradictions ({len(item['verify']['contradictions'])})" in page.text
    assert "accept by " in page.text  # each flag with its decision and who made it
    assert "undecided" not in page.text


def test_a_report_waits_for_approval(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    desk.login()
    page = desk.client.get(f"/desk/items/{item['id']}/report", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith(f"/desk/items/{item['id']}?error=")
