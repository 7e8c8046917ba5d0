"""Webhooks to the CMS, against a receiver on loopback written from the Standard Webhooks text
(not from the library the desk signs with): every event signed and delivered, a receiver that is
down for a while catching up with nothing lost, duplicates only with the same `webhook-id`, and
redelivery from the log."""

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import seed_text
from tests.desk import Desk, running_desk
from tests.store.postgres import postgres_url

SEED = "000_7164c3a58de98ac3.txt"
FAST: dict[str, Any] = {"webhook_poll_s": 0.05, "webhook_retry_s": 0.05}
TOLERANCE_S = 5 * 60


@dataclass
class Receiver:
    """Answers 503 to the first `down_for` requests, then 200; keeps what it accepted."""

    secret: str = ""
    down_for: int = 0
    seen: int = 0
    accepted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def verify(self, headers: Any, body: bytes) -> bool:
        """The convention: HMAC-SHA256 under the base64 part of `whsec_...`, over
        `{webhook-id}.{webhook-timestamp}.{body}`, base64, listed as `v1,<sig>` (space-separated
        for several); the timestamp within five minutes."""
        msg_id, stamp = headers["webhook-id"], headers["webhook-timestamp"]
        if abs(time.time() - int(stamp)) > TOLERANCE_S:
            return False
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{msg_id}.{stamp}.".encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split(" ")]
        return any(hmac.compare_digest(expected, sig) for sig in given)

    def answer(self, headers: Any, body: bytes) -> int:
        with self.lock:
            self.seen += 1
            if self.seen <= self.down_for:
                return 503
            if not self.verify(headers, body):
                self.bad_signatures += 1
                return 401
            self.accepted.append((headers["webhook-id"], json.loads(body)))
            return 200

    def events(self) -> list[str]:
        return [payload["type"] for _, payload in self.accepted]


@contextmanager
def receiving(receiver: Receiver) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            self.send_response(receiver.answer(self.headers, body))
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(params=["sqlite", "postgresql"])
def hooked(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Desk, Receiver]]:
    """The desk (its workers polling for deliveries fast) and a receiver registered for every
    event."""
    receiver = Receiver()
    with receiving(receiver) as url, _desk(request.param, tmp_path) as desk:
        events = ["item.analysed", "item.approved", "item.returned", "item.assigned"]
        created = desk.post(
            "/review/webhooks",
            role="admin",
            json={"url": url, "events": [*events, "comment.added"]},
        )
        assert created.status_code == 201, created.text
        receiver.secret = created.json()["secret"]
        assert receiver.secret.startswith("whsec_")
        desk.keys["endpoint"] = str(created.json()["id"])
        yield desk, receiver


@contextmanager
def _desk(kind: str, tmp_path: Path) -> Iterator[Desk]:
    if kind == "sqlite":
        with running_desk(tmp_path, **FAST) as desk:
            yield desk
        return
    with postgres_url() as url, running_desk(tmp_path, url, **FAST) as desk:
        yield desk


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not delivered in time"
        time.sleep(0.05)


def test_every_event_is_signed_and_delivered(hooked: tuple[Desk, Receiver]) -> None:
    desk, receiver = hooked
    item = desk.submit(seed_text(SEED), title="Aleisk")
    desk.post(f"/review/items/{item['id']}/assignment", json={"assignee": "editor-key"})
    desk.post(f"/review/items/{item['id']}/comments", json={"text": "@admin-key look"})
    desk.decide_all(item["id"])
    assert desk.post(f"/review/items/{item['id']}/approve").status_code == 200
    expected = ["item.analysed", "item.assigned", "comment.added", "item.approved"]
    _until(lambda: len(receiver.accepted) == len(expected))
    assert receiver.events() == expected
    assert receiver.bad_signatures == 0
    assert len({msg_id for msg_id, _ in receiver.accepted}) == len(expected)
    payloads = {payload["type"]: payload["data"] for _, payload in receiver.accepted}
    assert payloads["item.approved"]["item_id"] == item["id"]
    assert payloads["item.approved"]["title"] == "Aleisk"
    assert payloads["comment.added"]["mentions"] == ["admin-key"]
    assert payloads["item.assigned"]["assigned_to"] == "editor-key"


def test_a_receiver_down_for_a_while_misses_nothing(hooked: tuple[Desk, Receiver]) -> None:
    desk, receiver = hooked
    receiver.down_for = 6
    ids = {desk.submit(seed_text(SEED), title=f"story {n}")["id"] for n in range(3)}
    _until(lambda: len(receiver.accepted) >= 3)
    time.sleep(0.5)  # nothing more arrives: each event once
    delivered = {payload["data"]["item_id"] for _, payload in receiver.accepted}
    assert delivered == ids and len(receiver.accepted) == 3
    log = desk.get(f"/review/webhooks/{desk.keys['endpoint']}/deliveries", role="admin").json()
    assert log["total"] == 3
    assert {d["state"] for d in log["deliveries"]} == {"delivered"}
    assert sum(d["attempts"] for d in log["deliveries"]) == 3 + receiver.down_for
    assert all(d["last_status"] == 200 for d in log["deliveries"])


def test_a_delivery_is_sent_again_from_the_log_with_its_id(hooked: tuple[Desk, Receiver]) -> None:
    desk, receiver = hooked
    desk.submit(seed_text(SEED))
    _until(lambda: len(receiver.accepted) == 1)
    log = desk.get(f"/review/webhooks/{desk.keys['endpoint']}/deliveries", role="admin").json()
    (delivery,) = log["deliveries"]
    again = desk.post(f"/review/webhooks/deliveries/{delivery['id']}/redeliver", role="admin")
    assert again.status_code == 200, again.text
    _until(lambda: len(receiver.accepted) == 2)
    assert receiver.accepted[0][0] == receiver.accepted[1][0] == delivery["id"]
    trail = desk.get("/review/audit", role="admin").json()["entries"]
    assert "webhook.redelivered" in {e["action"] for e in trail}


def test_only_admins_register_and_addresses_are_checked(hooked: tuple[Desk, Receiver]) -> None:
    desk, _ = hooked
    body = {"url": "http://127.0.0.1:9/x", "events": ["item.approved"]}
    assert desk.post("/review/webhooks", json=body).status_code == 403
    bad = desk.post("/review/webhooks", role="admin", json=body | {"url": "ftp://x"})
    assert (bad.status_code, bad.json()["error"]) == (422, "invalid_request")
    none = desk.post("/review/webhooks", role="admin", json=body | {"events": []})
    assert none.status_code == 422
    disabled = desk.post(f"/review/webhooks/{desk.keys['endpoint']}/disable", role="admin")
    assert disabled.json()["disabled"] is True
    listed = desk.get("/review/webhooks", role="admin").json()
    assert [(w["id"], w["disabled"]) for w in listed] == [(int(desk.keys["endpoint"]), True)]
    assert "secret" not in listed[0]
