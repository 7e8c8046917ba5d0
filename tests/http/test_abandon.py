"""Abandoned work stops: a deadline or a client that hangs up cancels the model call in flight."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from service.app import create_app
from service.llm.embedded import free_loopback_port
from tests.conftest import model_settings, seed_text
from tests.fake_backend import FakeBackend, Reply, completion, fake_backend

ARTICLE = {"article": {"text": seed_text("001_100bbb814b795ab1.txt")}}


def _slow(content: str, seconds: float) -> Reply:
    reply = completion(content)
    reply.delay_s = seconds
    return reply


def _until(condition: object, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not condition():  # type: ignore[operator]
        time.sleep(0.05)


@contextmanager
def _served(fake: FakeBackend, **settings: object) -> Iterator[str]:
    """The app behind a real HTTP server, so a client can really hang up."""
    port = free_loopback_port()
    app = create_app(model_settings(fake.base_url, **settings))
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _until(lambda: server.started)
    url = f"http://127.0.0.1:{port}"
    # The evidence layer's first use builds its tables (seconds, while the app warms them in the
    # background); wait it out before the timings. A short deadline answers 504 until then.
    _until(
        lambda: httpx.post(f"{url}/verify", json=ARTICLE | {"mode": "fast"}, timeout=60).is_success,
        timeout_s=120,
    )
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_deadline_cancels_the_model_call_in_flight() -> None:
    with fake_backend(_slow(json.dumps({"flags": []}), 6.0)) as fake:
        # Room for the first model call's client set-up (about 0.5 s) before the deadline.
        with _served(fake, request_deadline_s=2.0) as url:
            response = httpx.post(f"{url}/verify", json=ARTICLE, timeout=10)
        _until(lambda: fake.abandoned == 1)
    assert response.status_code == 504
    assert fake.abandoned == 1
    assert len(fake.requests) == 1


def test_client_hanging_up_cancels_the_model_call_in_flight() -> None:
    with fake_backend(_slow(json.dumps({"flags": []}), 3.0)) as fake, _served(fake) as url:
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(f"{url}/verify", json=ARTICLE, timeout=0.5)
        _until(lambda: fake.abandoned == 1)
    assert fake.abandoned == 1


def test_client_hanging_up_stops_the_reasks_that_would_follow() -> None:
    invented = json.dumps({"points": [{"text": "Putin visited Paris.", "sentences": [1]}]})
    with fake_backend(_slow(invented, 0.8)) as fake, _served(fake, llm_max_attempts=4) as url:
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(f"{url}/summarize", json=ARTICLE, timeout=1.2)
        time.sleep(3.0)  # the four attempts would have taken 3.2 s
    assert len(fake.requests) == 2
    assert fake.abandoned == 1
