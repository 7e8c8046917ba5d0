"""The served OpenAPI document tells the truth: schemathesis drives every operation in-process.

Every built-in check runs (server errors, status codes, content types, response schemas and
headers, positive and negative data, auth, unsupported methods), with a fixed seed and at least
100 generated examples per operation, as the admin. Full mode reaches a fake model backend on
loopback whose answers never validate, so the service's re-ask and extractive fallback run too.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis import Case
from schemathesis.python import asgi
from starlette.types import ASGIApp, Receive, Scope, Send

from service.app import create_app
from service.auth.keys import create_key
from service.config import Settings
from service.store import Database
from tests.conftest import ROOT, model_settings
from tests.fake_backend import completion, fake_backend

SEED = 20261124
EXAMPLES_PER_OPERATION = 100
# schemathesis's default list for `negative_data_rejection`, and 413: a body over the size
# limit is refused like any other invalid one.
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]


def _settings(data_dir: Path, backend_url: str = "http://127.0.0.1:9/v1") -> Settings:
    # A small article limit, so that generated articles reach past it: the document states it.
    return model_settings(
        backend_url,
        data_dir=data_dir,
        max_article_chars=500,
        llm_transport_retries=0,
        llm_max_attempts=1,
        # The run sends thousands of deliberately invalid keys from one address, and its
        # ignored-auth check wants each refused with 401; the throttle has its own tests.
        auth_failure_limit="1000000/minute",
    )


class AppUnderTest:
    """What schemathesis calls: the document is read at collection, the app is built per run."""

    app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "the served_app fixture sets the app"
        await self.app(scope, receive, send)


APP = AppUnderTest()
schema = schemathesis.openapi.from_dict(
    create_app(_settings(ROOT / "var" / "contract")).openapi(),
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": "http://testserver",
            # No example database: a run is its seed alone, the same on every machine.
            "generation": {"max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
            "checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}},
        }
    ),
)
schema.app = APP


def _admin_key(settings: Settings) -> str:
    database = Database.from_settings(settings)
    database.migrate()
    try:
        with database.session() as session:
            _, raw = create_key(session, "contract-admin", "admin")
        return raw
    finally:
        database.close()


@pytest.fixture(scope="module")
def admin_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh store with a fake model backend behind it; an admin key for it."""
    with fake_backend(completion('{"answer": "not what was asked"}')) as backend:
        settings = _settings(tmp_path_factory.mktemp("contract"), backend.base_url)
        key = _admin_key(settings)
        APP.app = create_app(settings)
        try:
            yield key
        finally:
            asgi.shutdown_lifespans()
            APP.app = None


@schema.parametrize()
def test_every_operation_keeps_the_published_contract(case: Case[Any], admin_key: str) -> None:
    # A queue cursor is an opaque token only the server issues: no schema can say "a value
    # from a previous page", so an invented one is rightly 422 (tests/review/test_queue_cursor.py
    # pins that). Generated cursors are left out; every other parameter is as generated.
    if case.query and "cursor" in case.query:
        case.query = {name: value for name, value in case.query.items() if name != "cursor"}
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_key}"})
