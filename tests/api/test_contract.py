"""The served OpenAPI document tells the truth: schemathesis drives every operation in-process.

Every built-in check runs (server errors, status codes, content types, response schemas and
headers, positive and negative data, auth, unsupported methods), with a fixed seed and at least
100 generated examples per operation, as the admin. Full mode reaches a fake model backend on
loopback whose answers never validate, so the service's re-ask and extractive fallback run too.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from schemathesis import Case
from schemathesis.python import asgi

from service.app import create_app
from service.auth.keys import create_key
from service.config import Settings
from service.store import Database
from tests.conftest import model_settings
from tests.fake_backend import completion, fake_backend

SEED = 20261124
EXAMPLES_PER_OPERATION = 100
# Small, so that hypothesis reaches past it quickly: the document states the configured limit.
MAX_ARTICLE_CHARS = 500


# schemathesis's default list for `negative_data_rejection`, and 413: a body over the size
# limit is refused like any other invalid one.
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]


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
def contract_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    data_dir = tmp_path_factory.mktemp("contract")
    with fake_backend(completion('{"answer": "not what was asked"}')) as backend:
        settings = model_settings(
            backend.base_url,
            data_dir=data_dir,
            max_article_chars=MAX_ARTICLE_CHARS,
            llm_transport_retries=0,
            llm_max_attempts=1,
        )
        key = _admin_key(settings)
        config = schemathesis.Config.from_dict(
            {
                "seed": SEED,
                "generation": {"max-examples": EXAMPLES_PER_OPERATION},
                "auth": {"openapi": {"HTTPBearer": {"bearer": key}}},
                "checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}},
            }
        )
        app = create_app(settings)
        yield schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
        asgi.shutdown_lifespans()


schema = schemathesis.pytest.from_fixture("contract_schema")


@schema.parametrize()
def test_every_operation_keeps_the_published_contract(case: Case) -> None:
    case.call_and_validate()
