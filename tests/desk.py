"""The review desk under test: the app on a fresh store, with a key per role."""

import os
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from service.app import create_app
from service.auth.keys import Role, create_key
from service.http.deps import Services
from tests.conftest import REPLAY_BASE_URL, model_settings

ORIGIN = "http://testserver"
"""TestClient's own origin: what a browser sends as Origin on the desk's form posts."""
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
REDIS_URL = os.environ.get("DESKCHECK_TEST_REDIS", "redis://127.0.0.1:6379/0")
"""The Redis through which replicas share their counts in tests."""


@dataclass
class Desk:
    client: TestClient
    keys: dict[str, str] = field(default_factory=dict)
    csrf_token: str = ""

    def login(self, role: Role = "editor") -> str:
        """Log in through the form as a browser would; keep the page's CSRF token."""
        response = self.client.post(
            "/desk/login",
            data={"key": self.keys[role]},
            headers={"Origin": ORIGIN},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        page = self.client.get("/desk/submit")
        found = CSRF_FIELD.search(page.text)
        assert found, "the logged-in page carries no CSRF token"
        self.csrf_token = found.group(1)
        return self.csrf_token

    def form(self, path: str, data: dict[str, str] | None = None, **request: Any) -> Any:
        """A desk form post from the desk's own page: same Origin, with the session's token."""
        body = {"csrf_token": self.csrf_token, **(data or {})}
        return self.client.post(path, data=body, headers={"Origin": ORIGIN}, **request)

    @property
    def services(self) -> Services:
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        return services

    def headers(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def submit(
        self, text: str, mode: str = "fast", role: Role = "submitter", **article: Any
    ) -> dict[str, Any]:
        """Submit, then wait for the app's embedded worker to finish the analysis."""
        body = {"article": {"text": text, **article}, "mode": mode}
        response = self.client.post("/review/items", json=body, headers=self.headers(role))
        assert response.status_code == 201, response.text
        assert response.json()["analysis_state"] == "queued"
        return self.analysed(response.json()["id"], role)

    def analysed(self, item_id: str, role: Role = "submitter") -> dict[str, Any]:
        """The item once its analysis is done or failed."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            progress = self.get(f"/review/items/{item_id}/progress", role).json()
            if progress["finished"]:
                item: dict[str, Any] = self.get(f"/review/items/{item_id}", role).json()
                return item
            time.sleep(0.05)
        raise AssertionError(f"item {item_id} still {progress['analysis_state']} after 30 s")

    def decide_all(self, item_id: str, decision: str = "accept") -> dict[str, Any]:
        """Decide every undecided flag and contradiction of an item: what approval waits for."""
        item: dict[str, Any] = self.get(f"/review/items/{item_id}").json()
        base = f"/review/items/{item_id}"
        for flag in item["gate"]["undecided_flags"]:
            response = self.post(f"{base}/flags/{flag}/decision", json={"decision": decision})
            assert response.status_code == 200, response.text
            item = response.json()
        for contradiction in item["gate"]["open_contradictions"]:
            response = self.post(
                f"{base}/contradictions/{contradiction}/decision", json={"decision": decision}
            )
            assert response.status_code == 200, response.text
            item = response.json()
        return item

    def post(self, path: str, role: Role = "editor", json: Any = None) -> Any:
        return self.client.post(path, json=json, headers=self.headers(role))

    def get(self, path: str, role: Role = "editor", **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(role))


def add_keys(desk: Desk) -> None:
    with desk.services.database.session() as session:
        for role in ("submitter", "editor", "admin"):
            _, desk.keys[role] = create_key(session, f"{role}-key", role)


@contextmanager
def running_desk(
    data_dir: Path, database_url: str | None = None, **settings_overrides: Any
) -> Iterator[Desk]:
    """No model backend answers here: `full` mode fails (and is recorded), `fast` works."""
    settings = model_settings(
        REPLAY_BASE_URL,
        data_dir=data_dir,
        database_url=database_url,
        llm_transport_retries=0,
        llm_timeout_s=2,
        **(
            {"embedded_workers": 1, "queue_poll_max_s": 0.05, "job_lease_s": 5} | settings_overrides
        ),
    )
    with TestClient(create_app(settings)) as client:
        desk = Desk(client)
        add_keys(desk)
        yield desk


def shared_redis() -> str:
    """REDIS_URL, once it answers; the test is skipped without it."""
    try:
        reachable = bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        reachable = False
    if not reachable:
        pytest.skip(f"no Redis at {REDIS_URL} (set DESKCHECK_TEST_REDIS)")
    return REDIS_URL


def fresh_address() -> tuple[str, int]:
    """A client address no earlier run counted against (counts in Redis outlive a run)."""
    return f"test-{uuid.uuid4().hex}", 50000


@contextmanager
def replicas(
    data_dir: Path, address: tuple[str, int], **settings_overrides: Any
) -> Iterator[list[TestClient]]:
    """Two desks on stores of their own, both called from address: whatever they count alike
    they share through settings_overrides (a Redis), not through the store."""
    with (
        running_desk(data_dir / "a", **settings_overrides) as first,
        running_desk(data_dir / "b", **settings_overrides) as second,
    ):
        yield [TestClient(desk.client.app, client=address) for desk in (first, second)]
