"""The checker protocol against the embedded model, replayed from recorded traffic.

Recorded: asked "Document: ...\\nClaim: ..." the 135M model answered "Aleisk,", neither Yes
nor No, so its answer is read as undecided and the row stays as the rules left it. This is why
the checker is off on the embedded model by default (README, "Model tasks").
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import model_settings

ARTICLE = (
    "A drone struck a van in Aleisk on Monday. The driver, a deputy director, was injured. "
    "Governor Saldo reported the attack on Telegram."
)
UNDECIDED = "The van carried medical supplies for the hospital."


@pytest.fixture
def checking_client(recording_backend: str) -> Iterator[TestClient]:
    """The embedded model as the checker too (no DESKCHECK_CHECKER_BASE_URL), checker forced on."""
    settings = model_settings(recording_backend, task_checker="on", task_flags="off")
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.vcr
def test_the_embedded_model_gives_no_usable_answer_so_the_row_stays_undecided(
    checking_client: TestClient,
) -> None:
    body = {"article": {"text": ARTICLE}, "summary": UNDECIDED}
    response = checking_client.post("/verify", json=body)
    row = response.json()["summary_check"][0]
    assert response.status_code == 200
    assert (row["verdict"], row["decided_by"]) == ("undecided", "rule")
    tasks = response.json()["provenance"]["tasks"]
    assert {"task": "checker", "ran": True, "reason": "DESKCHECK_TASK_CHECKER=on"} in tasks
