"""The served OpenAPI document tells the truth: schemathesis drives every operation in-process.

Every built-in check runs (server errors, status codes, content types, response schemas and
headers, positive and negative data, auth, unsupported methods), with a fixed seed and at least
100 generated examples per operation, as the admin. Full mode reaches a fake model backend on
loopback whose answers never validate, so the service's re-ask and extractive fallback run too.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis import Case

from service.app import create_app
from tests.conftest import ROOT
from tests.http.contract import (
    AppUnderTest,
    contract_config,
    contract_settings,
    serving_with_an_admin,
)

EXAMPLES_PER_OPERATION = 100

APP = AppUnderTest()
schema = schemathesis.openapi.from_dict(
    create_app(contract_settings(ROOT / "var" / "contract")).openapi(),
    config=contract_config(EXAMPLES_PER_OPERATION),
)
schema.app = APP


@pytest.fixture(scope="module")
def admin_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh store with a fake model backend behind it; an admin key for it."""
    data_dir = tmp_path_factory.mktemp("contract")
    with serving_with_an_admin(APP, lambda url: contract_settings(data_dir, url)) as key:
        yield key


@schema.parametrize()
def test_every_operation_keeps_the_published_contract(case: Case[Any], admin_key: str) -> None:
    # Nothing is left out: every parameter as generated, the queue cursor too (its published
    # pattern is the position itself, so any string of that form names a place in the queue).
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_key}"})
