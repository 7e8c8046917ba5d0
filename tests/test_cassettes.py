"""The recorded traffic itself: real embedded-model answers, no secrets."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

CASSETTES = sorted((Path(__file__).resolve().parent.parent / "cassettes").rglob("*.yaml"))


def _interactions(path: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["interactions"])


def test_there_are_cassettes() -> None:
    assert len(CASSETTES) >= 4


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.stem)
def test_cassette_holds_no_credentials(path: Path) -> None:
    for interaction in _interactions(path):
        headers = {k.lower() for k in interaction["request"]["headers"]}
        assert not headers & {"authorization", "x-api-key", "cookie"}


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.stem)
def test_cassette_answers_come_from_the_embedded_model(path: Path) -> None:
    for interaction in _interactions(path):
        assert interaction["request"]["uri"].endswith("/v1/chat/completions")
        answer = json.loads(interaction["response"]["body"]["string"])
        assert answer["model"] == "SmolLM2-135M-Instruct.Q4_1"
