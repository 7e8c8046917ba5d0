"""The app wired to a fake OpenAI-compatible server on loopback, for the plumbing tests."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import model_settings, seed_text
from tests.fake_backend import FakeBackend, Reply, completion, fake_backend

SEED_001 = seed_text("001_100bbb814b795ab1.txt")
NO_FLAGS = json.dumps({"flags": []})
GOOD_POINT = json.dumps(
    {
        "points": [
            {
                "text": "Governor Evgeny Balitskiy confirmed the attack via Telegram.",
                "sentences": [1],
            }
        ]
    }
)


@contextmanager
def app_on_fake(*replies: Reply, **settings: Any) -> Iterator[tuple[TestClient, FakeBackend]]:
    with fake_backend(*replies) as backend:
        app = create_app(model_settings(backend.base_url, **settings))
        with TestClient(app) as client:
            yield client, backend


def flags_reply() -> Reply:
    return completion(NO_FLAGS)
