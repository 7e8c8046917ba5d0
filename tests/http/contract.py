"""What the contract runs share: schemathesis's configuration and the app they drive.

The document is read when the tests are collected; the app behind it is built per module, on a
fresh store with a fake model backend on loopback whose answers never validate, so the service's
re-ask and extractive fallback run too.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import schemathesis
from schemathesis.python import asgi
from starlette.types import ASGIApp, Receive, Scope, Send

from service.app import create_app
from service.auth.keys import create_key
from service.config import Settings
from service.store import Database
from tests.conftest import model_settings
from tests.fake_backend import completion, fake_backend

SEED = 20261124
# schemathesis's default list for `negative_data_rejection`, and 413: a body over the size
# limit is refused like any other invalid one.
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]


def contract_settings(data_dir: Path, backend_url: str = "http://127.0.0.1:9/v1") -> Settings:
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


def contract_config(examples_per_operation: int) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": "http://testserver",
            # No example database: a run is its seed alone, the same on every machine.
            "generation": {"max-examples": examples_per_operation, "database": "none"},
            "checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}},
        }
    )


class AppUnderTest:
    """What schemathesis calls: the document is read at collection, the app is built per run."""

    app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "the served_app fixture sets the app"
        await self.app(scope, receive, send)


def new_admin_key(settings: Settings) -> str:
    database = Database.from_settings(settings)
    database.migrate()
    try:
        with database.session() as session:
            _, raw = create_key(session, "contract-admin", "admin")
        return raw
    finally:
        database.close()


@contextmanager
def serving_with_an_admin(
    under_test: AppUnderTest, settings_for: Callable[[str], Settings]
) -> Iterator[str]:
    """under_test runs the app, its settings made for the fake model's base URL, on a fresh
    store; an admin key for it."""
    with fake_backend(completion('{"answer": "not what was asked"}')) as backend:
        settings = settings_for(backend.base_url)
        key = new_admin_key(settings)
        under_test.app = create_app(settings)
        try:
            yield key
        finally:
            asgi.shutdown_lifespans()
            under_test.app = None
