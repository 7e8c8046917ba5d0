"""Stores written before feedback told the truth: their `previously_reviewed` flags are hidden,
and migration 0007 drops the claims approval entered as `confirmed` without any decision."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, Table, insert, select, text

from service.store import Database
from service.store.migrate import upgrade
from service.store.models import Analysis, FlagDecision, FlagRow
from tests.conftest import seed_text
from tests.desk import ORIGIN, Desk
from tests.store.conftest import secrets

SEED = "000_7164c3a58de98ac3.txt"


def _store_legacy_flag(desk: Desk, item: dict[str, Any]) -> int:
    """What the review layer used to add: a sentence-wide flag, decided by an editor; its id."""
    claim = item["verify"]["claims"][0]
    span = {"start": claim["start"], "end": claim["end"], "text": claim["text"]}
    legacy = {"type": "previously_reviewed", "detail": "Reviewed before.", "detector": "review"}
    with desk.services.database.session() as session:
        flag_id = session.execute(
            insert(FlagRow)
            .values(item_id=item["id"], claim_id=claim["id"], **span, **legacy)
            .returning(FlagRow.id)
        ).scalar_one()
        session.add(
            FlagDecision(flag_id=flag_id, item_id=item["id"], decision="accept", decided_by="x")
        )
        stored = session.scalars(
            select(Analysis).where(Analysis.item_id == item["id"], Analysis.kind == "verify")
        ).one()
        claims = stored.result["claims"]
        claims[0] = claims[0] | {
            "flags": [*claims[0]["flags"], span | legacy | {"confidence": 0.9}]
        }
        stored.result = stored.result | {"claims": claims}
    return flag_id


def test_stored_previously_reviewed_flags_are_not_shown_or_counted(desk: Desk) -> None:
    item = desk.submit(seed_text(SEED))
    _store_legacy_flag(desk, item)
    shown = desk.get(f"/review/items/{item['id']}")
    assert shown.status_code == 200
    assert shown.json()["flags"] == item["flags"]
    assert shown.json()["verify"]["claims"] == item["verify"]["claims"]
    assert desk.get("/review/stats").json()["overall"] == []


def test_a_hidden_legacy_flag_cannot_be_decided(desk: Desk) -> None:
    """It is not on the page, so there is nothing to decide: no such flag, and nothing stored."""
    item = desk.submit(seed_text(SEED))
    flag_id = _store_legacy_flag(desk, item)
    url = f"/review/items/{item['id']}/flags/{flag_id}/decision"
    assert desk.post(url, json={"decision": "reject"}).status_code == 404
    desk.login()
    from_page = desk.client.post(
        f"/desk/items/{item['id']}/flags/{flag_id}",
        data={"csrf_token": desk.csrf_token, "decision": "reject"},
        headers={"Origin": ORIGIN, "Accept": "application/json"},
    )
    assert from_page.status_code == 404
    assert from_page.json()["error"] == "not_found"
    with desk.services.database.session() as session:
        decided = session.scalars(
            select(FlagDecision.decision).where(FlagDecision.flag_id == flag_id)
        )
        assert list(decided) == ["accept"]


def test_migration_0007_keeps_only_claims_an_editor_decided(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}", secrets(tmp_path))
    upgrade(db.engine, "0006")
    # Rows as a 0006 store held them, written in that store's SQL: today's models have columns
    # that store does not.
    with db.engine.begin() as connection:
        _old_row(connection, "articles", id="a-old", text="Text.", sha256="0" * 64)
        _old_row(
            connection,
            "review_items",
            id="old",
            article_id="a-old",
            status="approved",
            mode="full",
            max_points=5,
            analysis_state="done",
            attempts=1,
            flag_count=1,
            submitted_by="x",
            updated_at=_NOW,
        )
        flag = _old_row(
            connection,
            "flags",
            item_id="old",
            claim_id="c2",
            type="hedged",
            detector="rule",
            start=0,
            end=4,
            text="Text",
            detail="d",
        )
        _old_row(
            connection,
            "flag_decisions",
            flag_id=flag,
            item_id="old",
            decision="reject",
            note="",
            decided_by="x",
            decided_at=_NOW,
        )
        for claim_id, outcome in (("c1", "confirmed"), ("c2", "confirmed"), ("c3", "flagged")):
            _old_row(
                connection,
                "reviewed_claims",
                item_id="old",
                claim_id=claim_id,
                text="A claim.",
                normalized="a claim",
                outcome=outcome,
                accepted_flags="hedged" if outcome == "flagged" else "",
                reviewed_at=_NOW,
            )
    db.migrate()
    with db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT claim_id, outcome FROM reviewed_claims ORDER BY claim_id")
        ).all()
    db.close()
    assert [tuple(r) for r in rows] == [("c2", "cleared"), ("c3", "flagged")]


_NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _old_row(connection: Connection, table: str, **values: Any) -> int | None:
    """Insert one row as the old schema stands (the table read from the store); its id if any."""
    old = Table(table, MetaData(), autoload_with=connection)
    if "created_at" in old.c:
        values.setdefault("created_at", _NOW)
    inserted = connection.execute(insert(old).values(**values))
    key = inserted.inserted_primary_key
    return key[0] if key and isinstance(key[0], int) else None
