"""How model-backend failures reach the caller: a status, a reason, and nothing lost."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import model_settings, seed_text
from tests.fake_backend import FakeBackend, Reply, completion, fake_backend

ARTICLE = {"article": {"text": seed_text("001_100bbb814b795ab1.txt")}}


@contextmanager
def client_for(*replies: Reply, **settings: Any) -> Iterator[tuple[TestClient, FakeBackend]]:
    with fake_backend(*replies) as backend:
        app = create_app(model_settings(backend.base_url, **settings))
        with TestClient(app) as client:
            yield client, backend


def test_garbage_answer_is_502(tmp_path: object) -> None:
    html = Reply(body=b"<html>proxy error</html>", headers={"Content-Type": "text/html"})
    with client_for(html) as (client, _):
        response = client.post("/summarize", json=ARTICLE)
    assert response.status_code == 502
    assert response.json()["error"] == "backend_bad_response"
    assert "OpenAI-compatible" in response.json()["detail"]


def test_cut_off_answer_fails_fast_without_reask() -> None:
    with client_for(completion('{"points": [{"text": "Bala', finish_reason="length")) as (
        client,
        backend,
    ):
        response = client.post("/summarize", json=ARTICLE)
    assert response.status_code == 502
    assert "max_tokens" in response.json()["detail"]
    assert len(backend.requests) == 1


def test_invalid_drafts_are_reasked_then_summary_falls_back_to_extractive() -> None:
    bad = completion(
        json.dumps({"points": [{"text": "Putin visited Paris on Monday.", "sentences": [1]}]})
    )
    with client_for(bad, llm_max_attempts=3) as (client, backend):
        response = client.post("/summarize", json=ARTICLE)
    body = response.json()
    assert response.status_code == 200
    assert (body["provenance"]["method"], body["provenance"]["attempts"]) == ("extractive", 3)
    assert len(backend.requests) == 3
    # The re-ask says why and where in the point, not which words: a word no cited sentence
    # holds may be one an instruction planted in the article asked for.
    reask = backend.requests[1]["messages"][-1]["content"]
    assert "(word 1, 2, 3, 5 of the point)" in reask
    assert "Putin" not in reask


def test_valid_draft_is_used_with_its_citations() -> None:
    good = completion(
        json.dumps(
            {
                "points": [
                    {
                        "text": "Governor Evgeny Balitskiy confirmed the attack via Telegram.",
                        "sentences": [1],
                    }
                ]
            }
        )
    )
    with client_for(good) as (client, _):
        body = client.post("/summarize", json=ARTICLE).json()
    assert body["provenance"]["method"] == "llm"
    assert body["summary"]["points"][0]["sources"][0]["sentence"] == 1
    assert body["provenance"]["usage"] == {"prompt_tokens": 10, "completion_tokens": 5}


def test_rate_limit_is_retried_by_the_transport_honouring_retry_after() -> None:
    limited = Reply(
        status=429,
        body=b'{"error": {"message": "slow down"}}',
        headers={"Content-Type": "application/json", "Retry-After": "0"},
    )
    good = completion(json.dumps({"flags": []}))
    with client_for(limited, good) as (client, backend):
        response = client.post("/verify", json=ARTICLE)
    assert response.status_code == 200
    assert len(backend.requests) == 2
    assert response.json()["provenance"]["attempts"] == 1  # transport retries are not re-asks


def test_refused_key_is_502_naming_the_setting() -> None:
    denied = Reply(status=401, body=b'{"error": {"message": "bad key"}}')
    with client_for(denied) as (client, _):
        response = client.post("/verify", json=ARTICLE)
    assert response.status_code == 502
    assert "DESKCHECK_LLM_API_KEY" in response.json()["detail"]


def test_slow_backend_is_504_after_the_deadline() -> None:
    slow = completion(json.dumps({"flags": []}))
    slow.delay_s = 2.0
    with client_for(slow, request_deadline_s=0.3) as (client, _):
        response = client.post("/verify", json=ARTICLE)
    assert response.status_code == 504
    assert response.json()["error"] == "deadline_exceeded"


def test_model_flags_outside_the_article_never_reach_the_report() -> None:
    invented = completion(
        json.dumps(
            {"flags": [{"quote": "troops crossed the border", "type": "hedged", "reason": "x"}]}
        )
    )
    with client_for(invented, llm_max_attempts=2) as (client, _):
        body = client.post("/verify", json=ARTICLE).json()
    assert body["provenance"]["attempts"] == 2
    assert not [f for c in body["claims"] for f in c["flags"] if f["detector"] == "llm"]
    assert "dropped" in body["warnings"][0]


def test_model_flag_found_in_the_article_gets_a_span_computed_by_code() -> None:
    found = completion(
        json.dumps(
            {
                "flags": [
                    {
                        "quote": "at least nine separate detonations",
                        "type": "unattributed_assertion",
                        "reason": "count not independently confirmed",
                    }
                ]
            }
        )
    )
    with client_for(found) as (client, _):
        body = client.post("/verify", json=ARTICLE).json()
    text = ARTICLE["article"]["text"]
    flags = [f for c in body["claims"] for f in c["flags"] if f["detector"] == "llm"]
    assert len(flags) == 1
    assert text[flags[0]["start"] : flags[0]["end"]] == "at least nine separate detonations"


def test_a_repeated_article_is_answered_from_the_cache() -> None:
    good = completion(json.dumps({"flags": []}))
    with client_for(good) as (client, backend):
        first = client.post("/verify", json=ARTICLE).json()
        second = client.post("/verify", json=ARTICLE).json()
    assert len(backend.requests) == 1
    assert (first["provenance"]["cached"], second["provenance"]["cached"]) == (False, True)
    assert second["claims"] == first["claims"]


def test_after_failed_attempts_only_flags_quoting_the_article_are_kept() -> None:
    mixed = completion(
        json.dumps(
            {
                "flags": [
                    {
                        "quote": "at least nine separate detonations",
                        "type": "hedged",
                        "reason": "count",
                    },
                    {"quote": "troops crossed the border", "type": "hedged", "reason": "invented"},
                ]
            }
        )
    )
    with client_for(mixed, llm_max_attempts=2) as (client, _):
        body = client.post("/verify", json=ARTICLE).json()
    llm_flags = [f for c in body["claims"] for f in c["flags"] if f["detector"] == "llm"]
    assert [f["text"] for f in llm_flags] == ["at least nine separate detonations"]
    assert "kept 1 of its last 2 flags" in body["warnings"][0]
    assert body["provenance"]["method"] == "llm+evidence"
