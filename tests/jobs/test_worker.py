"""What `deskcheck worker --concurrency N` runs its jobs with."""

import pytest

from service.config import Settings
from service.jobs.worker import worker_settings


def test_jobs_on_a_model_server_call_it_side_by_side() -> None:
    remote = Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    settings = worker_settings(remote, 4)
    assert (settings.llm_concurrency, settings.llm_max_waiting) == (4, 8)
    assert worker_settings(remote, 12).llm_max_waiting == 12  # none is refused as busy


def test_the_embedded_model_keeps_its_single_slot() -> None:
    assert worker_settings(Settings(), 4).llm_concurrency == 1


def test_a_concurrency_the_operator_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKCHECK_LLM_CONCURRENCY", "2")
    remote = Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    assert worker_settings(remote, 4).llm_concurrency == 2
