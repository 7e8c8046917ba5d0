"""Evidence work runs off the event loop, bounded: beyond the queue limit it is shed at once."""

import asyncio
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.common import ArticleIn
from schemas.verify import VerifyRequest
from service.app import create_app
from service.config import Settings
from service.evidence.warm import warm_evidence_layer
from service.pipeline.dispatch import dispatch
from service.pipeline.pool import EvidenceBusy, EvidenceWorkers, hold_at_door, installed
from service.pipeline.reading import fast_job
from service.verify.fast import fast_report
from tests.conftest import REPLAY_BASE_URL, model_settings, seed_text

ARTICLE = {"article": {"text": seed_text("001_100bbb814b795ab1.txt")}, "mode": "fast"}


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """A report without what differs between two runs of the same analysis."""
    return {k: v for k, v in report.items() if k not in ("id", "provenance")}


def test_an_analysis_beyond_the_queue_limit_is_shed_with_503_and_retry_after() -> None:
    settings = model_settings(REPLAY_BASE_URL, evidence_workers=1, evidence_max_pending=1)
    gate = threading.Event()
    with TestClient(create_app(settings)) as client:
        workers = installed()
        assert workers is not None
        assert client.portal is not None
        taken = client.portal.start_task_soon(workers.run, gate.wait, 10.0)
        shed = client.post("/verify", json=ARTICLE)
        health = client.get("/healthz")
        gate.set()
        assert taken.result(timeout=10) is True
        served = client.post("/verify", json=ARTICLE)
    assert (shed.status_code, shed.headers["retry-after"]) == (503, "1")
    assert shed.json()["error"] == "evidence_busy"
    assert health.status_code == 200
    assert served.status_code == 200


def test_analyze_is_shed_like_verify() -> None:
    settings = model_settings(REPLAY_BASE_URL, evidence_workers=1, evidence_max_pending=1)
    gate = threading.Event()
    with TestClient(create_app(settings)) as client:
        workers = installed()
        assert workers is not None
        assert client.portal is not None
        taken = client.portal.start_task_soon(workers.run, gate.wait, 10.0)
        response = client.post("/analyze", json=ARTICLE)
        gate.set()
        taken.result(timeout=10)
    assert response.status_code == 503
    assert set(response.json()) == {"error", "detail"}
    assert "DESKCHECK_EVIDENCE_MAX_PENDING" in response.json()["detail"]


def test_a_worker_process_gives_the_same_report_as_the_event_loop() -> None:
    request = VerifyRequest.model_validate(ARTICLE)
    settings = Settings()
    inline = fast_job(fast_report, request, settings)

    async def in_a_worker_process() -> Any:
        workers = EvidenceWorkers("process", workers=1, max_pending=2, warm_up=warm_evidence_layer)
        workers.start()
        try:
            return await workers.run(fast_job, fast_report, request, settings)
        finally:
            workers.stop()

    pooled = asyncio.run(in_a_worker_process())
    assert _comparable(pooled.model_dump()) == _comparable(inline.model_dump())
    assert pooled.provenance.mode == "fast"


def test_a_caller_mistake_in_a_worker_keeps_its_status() -> None:
    request = VerifyRequest(article=ArticleIn(text="   "), mode="fast")

    async def in_a_thread() -> None:
        workers = EvidenceWorkers("thread", workers=1, max_pending=1, warm_up=warm_evidence_layer)
        workers.start()
        try:
            await workers.run(fast_job, fast_report, request, Settings())
        finally:
            workers.stop()

    with pytest.raises(Exception, match="empty") as raised:
        asyncio.run(in_a_thread())
    assert getattr(raised.value, "status", None) == 422


def test_the_pending_count_returns_to_zero_after_a_shed() -> None:
    async def scenario() -> tuple[int, int]:
        workers = EvidenceWorkers("thread", workers=1, max_pending=1, warm_up=warm_evidence_layer)
        workers.start()
        gate = threading.Event()
        first = asyncio.create_task(workers.run(gate.wait, 10.0))
        await asyncio.sleep(0.05)
        with pytest.raises(EvidenceBusy):
            await workers.run(int, "1")
        during = workers.pending
        gate.set()
        await first
        workers.stop()
        return during, workers.pending

    assert asyncio.run(scenario()) == (1, 0)


def test_a_fast_analysis_runs_in_the_place_its_request_took_at_the_door() -> None:
    async def scenario() -> tuple[int, int]:
        workers = EvidenceWorkers("thread", workers=1, max_pending=1, warm_up=warm_evidence_layer)
        workers.start()
        place = workers.try_take_place()
        assert place is not None
        hold_at_door(place)
        during = await workers.run(lambda: workers.pending)  # not EvidenceBusy: its own place
        workers.stop()
        return during, workers.pending

    assert asyncio.run(scenario()) == (1, 0)


def test_a_full_mode_request_gives_its_door_place_back_before_the_model() -> None:
    request = VerifyRequest.model_validate({**ARTICLE, "mode": "full"})
    workers = EvidenceWorkers("thread", workers=1, max_pending=1, warm_up=warm_evidence_layer)

    async def places_taken_during_model_work() -> object:
        return workers.pending

    async def scenario() -> object:
        place = workers.try_take_place()
        assert place is not None
        hold_at_door(place)
        return await dispatch(request, Settings(), fast_report, places_taken_during_model_work)

    assert asyncio.run(scenario()) == 0
