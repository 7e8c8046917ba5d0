"""The checker client speaks the MiniCheck protocol and reads only a plain Yes or No."""

import asyncio

import pytest

from service.config import Settings
from service.errors import BackendBadResponse, BackendUnavailable
from service.llm.backend import Backend
from service.llm.checker import Checker, CheckerAnswer, checker_endpoint, read_answer
from tests.fake_backend import FakeBackend, Reply, completion, fake_backend

DOCUMENT = "A drone struck a van in Aleisk on Monday."
CLAIM = "A van was hit in Aleisk."


def _settings(base_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "checker_base_url": base_url,
        "llm_transport_retries": 0,
        "llm_timeout_s": 5,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _ask(backend: FakeBackend, **overrides: object) -> tuple[CheckerAnswer, Checker]:
    settings = _settings(backend.base_url, **overrides)
    endpoint = checker_endpoint(settings, Backend("embedded", None, None, "starting"))
    assert endpoint is not None
    checker = Checker(endpoint, settings)

    async def ask() -> CheckerAnswer:
        try:
            return await checker.check(DOCUMENT, CLAIM)
        finally:
            await checker.close()

    return asyncio.run(ask()), checker


def test_the_request_is_one_user_message_in_minicheck_format() -> None:
    with fake_backend(completion("Yes")) as backend:
        _ask(backend)
    request = backend.requests[0]
    assert request["model"] == "bespoke-minicheck"
    assert request["messages"] == [
        {"role": "user", "content": f"Document: {DOCUMENT}\nClaim: {CLAIM}"}
    ]


def test_yes_means_supported() -> None:
    with fake_backend(completion("Yes")) as backend:
        answer, checker = _ask(backend)
    assert answer == "supported"
    assert checker.stats.attempts == 1


def test_no_with_punctuation_means_unsupported() -> None:
    with fake_backend(completion(" no.\n")) as backend:
        answer, _ = _ask(backend)
    assert answer == "unsupported"


@pytest.mark.parametrize("content", ["Maybe", "Yes, but", "The claim is supported", "", None])
def test_anything_but_yes_or_no_is_undecided(content: str | None) -> None:
    assert read_answer(content) == "undecided"


def test_no_question_is_sent_once_the_call_budget_is_spent() -> None:
    with fake_backend(completion("Yes")) as backend:
        answer, _ = _ask(backend, checker_max_calls=0)
    assert answer == "undecided"
    assert backend.requests == []


def test_an_unreachable_checker_is_backend_unavailable() -> None:
    nobody = FakeBackend([], base_url="http://127.0.0.1:9/v1")  # nothing listens on port 9
    with pytest.raises(BackendUnavailable, match="cannot reach"):
        _ask(nobody)


def test_a_checker_answering_an_error_status_is_a_bad_response() -> None:
    missing = Reply(status=404, body=b'{"error": "model not found"}')
    with fake_backend(missing) as backend, pytest.raises(BackendBadResponse, match="404"):
        _ask(backend)


def test_without_a_checker_url_the_main_backend_answers_once_ready() -> None:
    settings = Settings()
    ready = Backend("embedded", "http://127.0.0.1:5/v1", "SmolLM2", "ready")
    endpoint = checker_endpoint(settings, ready)
    assert endpoint is not None
    assert (endpoint.base_url, endpoint.model) == ("http://127.0.0.1:5/v1", "SmolLM2")
    assert checker_endpoint(settings, Backend("embedded", None, None, "starting")) is None
