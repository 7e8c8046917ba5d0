"""Shared fixtures. Model-backed tests replay cassettes recorded from the embedded model.

Replay is the default (pytest-recording's record mode `none`); `make cassettes` re-records
every cassette against a freshly started embedded model. A test fails when its cassette holds
an interaction the test never played, so a stale cassette cannot hide.
"""

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from service.llm.embedded import EmbeddedServer, find_default_gguf, model_alias

# Apps built by tests run evidence work on threads: a process pool per TestClient would spawn
# and warm interpreters for every test. tests/test_workers.py covers the process pool.
os.environ.setdefault("DESKCHECK_EVIDENCE_POOL", "thread")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "articles"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# Nothing listens here: in replay mode vcrpy answers before a connection is made.
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"
_MARKER = re.compile(r"ARTICLE [0-9a-f]{16}")


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _body_without_marker(body: bytes | str | None) -> Any:
    """Request bodies compared with the per-request block marker blanked out."""
    if body is None:
        return None
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return json.loads(_MARKER.sub("ARTICLE <marker>", text))


def _match_body(recorded: Any, played: Any) -> None:
    a, b = _body_without_marker(recorded.body), _body_without_marker(played.body)
    assert a == b, "request body differs from the cassette: re-record with `make cassettes`"


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    # Never set record_mode here: it would silently override --record-mode.
    return {
        "match_on": ["method", "path", "marker_blind_body"],
        "filter_headers": ["authorization", "openai-organization", "x-api-key", "cookie"],
        "decode_compressed_response": True,
    }


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("marker_blind_body", _match_body)


@pytest.fixture
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    module = request.node.module.__name__.split(".")[-1]
    return str(ROOT / "cassettes" / module)


@pytest.fixture(autouse=True)
def _every_interaction_played(request: pytest.FixtureRequest, record_mode: str) -> Iterator[None]:
    yield
    if record_mode != "none" or request.node.get_closest_marker("vcr") is None:
        return
    cassette = request.getfixturevalue("vcr")
    if cassette is not None and not cassette.all_played:
        unplayed = len(cassette.data) - cassette.play_count
        pytest.fail(f"{unplayed} recorded interaction(s) never played: re-record the cassette")


@pytest.fixture(scope="session")
def recording_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The base URL model calls go to: the real embedded model when recording, else nowhere."""
    if request.config.getoption("--record-mode") in (None, "none"):
        yield REPLAY_BASE_URL
        return
    settings = Settings(data_dir=ROOT / "var" / "recording")
    server = EmbeddedServer(settings)
    server.start()
    try:
        import asyncio

        asyncio.run(server.wait_ready())
        yield server.base_url
    finally:
        server.stop()


def model_settings(base_url: str, **overrides: Any) -> Settings:
    """Settings that reach the embedded model (recorded or live) through the generic path."""
    values: dict[str, Any] = {
        "llm_base_url": base_url,
        "llm_model": model_alias(find_default_gguf()),
        "llm_structured_mode": "json_object_schema",
        "data_dir": ROOT / "var" / "test",
        # The store outlives a test run: a cached response would hide the calls a test expects.
        # Tests of the response cache turn it on with a store of their own.
        "response_cache_entries": 0,
        # No analysis workers unless a test asks: the test store under ROOT/var outlives runs,
        # and a worker would sweep its leftover queued items into this test's timings.
        "embedded_workers": 0,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def model_client(recording_backend: str) -> Iterator[TestClient]:
    """The HTTP API wired to the (recorded) embedded model."""
    with TestClient(create_app(model_settings(recording_backend))) as client:
        yield client


@pytest.fixture
def offline_client() -> Iterator[TestClient]:
    """The HTTP API wired to a backend that does not exist (for fast mode and error paths)."""
    settings = model_settings(REPLAY_BASE_URL, llm_transport_retries=0, llm_timeout_s=2)
    with TestClient(create_app(settings)) as client:
        yield client
