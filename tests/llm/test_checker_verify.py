"""`summary_check` rows that code cannot decide are settled by a checker speaking MiniCheck."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import REPLAY_BASE_URL, model_settings
from tests.fake_backend import FakeBackend, Reply, completion, fake_backend

ARTICLE = (
    "A drone struck a van in Aleisk on Monday. The driver, a deputy director, was injured. "
    "Governor Saldo reported the attack on Telegram."
)
UNDECIDED = "The van carried medical supplies for the hospital."
DECIDED = "A drone struck a van in Aleisk on Monday."


@contextmanager
def _checked(*replies: Reply, **settings: Any) -> Iterator[tuple[TestClient, FakeBackend]]:
    with fake_backend(*replies) as checker:
        values = {"checker_base_url": checker.base_url, "task_flags": "off"} | settings
        with TestClient(create_app(model_settings(REPLAY_BASE_URL, **values))) as client:
            yield client, checker


def _verify(client: TestClient, summary: str, mode: str = "full") -> dict[str, Any]:
    body = {"article": {"text": ARTICLE}, "summary": summary, "mode": mode}
    response = client.post("/verify", json=body)
    assert response.status_code == 200
    return dict(response.json())


def test_a_yes_settles_an_undecided_row_as_consistent() -> None:
    with _checked(completion("Yes")) as (client, checker):
        rows = _verify(client, f"{DECIDED} {UNDECIDED}")["summary_check"]
    assert [(r["verdict"], r["decided_by"]) for r in rows] == [
        ("consistent", "rule"),
        ("consistent", "checker"),
    ]
    assert len(checker.requests) == 1  # the row code decided was not sent


def test_the_document_sent_is_the_aligned_article_sentences() -> None:
    with _checked(completion("No")) as (client, checker):
        row = _verify(client, UNDECIDED)["summary_check"][0]
    assert checker.requests[0]["messages"][0]["content"] == (
        f"Document: A drone struck a van in Aleisk on Monday.\nClaim: {UNDECIDED}"
    )
    assert (row["verdict"], row["decided_by"]) == ("unsupported", "checker")


def test_an_answer_other_than_yes_or_no_leaves_the_row_undecided() -> None:
    with _checked(completion("The van is a vehicle.")) as (client, _):
        row = _verify(client, UNDECIDED)["summary_check"][0]
    assert (row["verdict"], row["decided_by"]) == ("undecided", "rule")


def test_an_unreachable_checker_leaves_rows_undecided_with_a_warning() -> None:
    settings = {"checker_base_url": "http://127.0.0.1:9/v1", "llm_transport_retries": 0}
    with _checked(completion("Yes"), **settings) as (client, _):
        body = _verify(client, UNDECIDED)
    assert body["summary_check"][0]["verdict"] == "undecided"
    assert "the checker failed" in body["warnings"][0]


def test_fast_mode_asks_no_checker() -> None:
    with _checked(completion("Yes")) as (client, checker):
        row = _verify(client, UNDECIDED, mode="fast")["summary_check"][0]
    assert checker.requests == []
    assert row["verdict"] == "undecided"


def test_provenance_says_the_checker_ran() -> None:
    with _checked(completion("Yes")) as (client, _):
        tasks = _verify(client, UNDECIDED)["provenance"]["tasks"]
    assert {"task": "checker", "ran": True} in [{k: t[k] for k in ("task", "ran")} for t in tasks]
