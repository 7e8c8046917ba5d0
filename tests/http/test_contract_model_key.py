"""With DESKCHECK_MODEL_ENDPOINTS_REQUIRE_KEY on, the model endpoints keep the contract the
served document then states: schemathesis's auth check sends each request with the admin key,
then without a key and with an invalid one, and wants those refused (401/403)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis import Case

from service.app import create_app
from service.config import Settings
from tests.conftest import ROOT
from tests.http.contract import (
    AppUnderTest,
    contract_config,
    contract_settings,
    serving_with_an_admin,
)

EXAMPLES_PER_OPERATION = 30


def _required(data_dir: Path, backend_url: str = "http://127.0.0.1:9/v1") -> Settings:
    settings = contract_settings(data_dir, backend_url)
    return settings.model_copy(update={"model_endpoints_require_key": True})


APP = AppUnderTest()
schema = schemathesis.openapi.from_dict(
    create_app(_required(ROOT / "var" / "contract-model-key")).openapi(),
    config=contract_config(EXAMPLES_PER_OPERATION),
).include(path_regex="^/(summarize|verify|analyze)$")
schema.app = APP


@pytest.fixture(scope="module")
def admin_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """As in test_contract, with the key required."""
    data_dir = tmp_path_factory.mktemp("contract-model-key")
    with serving_with_an_admin(APP, lambda url: _required(data_dir, url)) as key:
        yield key


def test_the_document_requires_the_key() -> None:
    operation = schema.raw_schema["paths"]["/verify"]["post"]
    assert operation["security"] == [{"HTTPBearer": []}, {"APIKeyHeader": []}]


@schema.parametrize()
def test_model_endpoints_keep_the_contract_with_a_key_required(
    case: Case[Any], admin_key: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_key}"})
