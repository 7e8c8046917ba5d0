"""Token budgets: when one runs out, partial results and a warning that says which budget."""

import json
from pathlib import Path

from tests.fake_backend import Reply
from tests.llm.on_fake import NO_FLAGS, SEED_001, app_on_fake

LONG = "\n\n".join(f"Update {n}.\n\n{SEED_001}" for n in range(7))


def _costly(content: str, total_tokens: int) -> Reply:
    """A completion that reports spending `total_tokens`."""
    payload = {
        "id": "fake-2",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {
            "prompt_tokens": total_tokens - 5,
            "completion_tokens": 5,
            "total_tokens": total_tokens,
        },
    }
    return Reply(body=json.dumps(payload).encode())


def test_request_budget_too_small_for_one_call_gives_the_evidence_layer_report() -> None:
    with app_on_fake(_costly(NO_FLAGS, 50), llm_request_token_budget=100) as (c, fake):
        response = c.post("/verify", json={"article": {"text": SEED_001}})
    body = response.json()
    assert response.status_code == 200
    assert fake.requests == []
    assert body["provenance"]["method"] == "evidence"
    assert "DESKCHECK_LLM_REQUEST_TOKEN_BUDGET" in body["warnings"][0]


def test_budget_running_out_between_parts_keeps_the_parts_already_read() -> None:
    settings = {"llm_context_tokens": 4096, "llm_request_token_budget": 50_000}
    with app_on_fake(_costly(NO_FLAGS, 60_000), **settings) as (c, fake):
        body = c.post("/verify", json={"article": {"text": LONG}}).json()
    assert len(fake.requests) == 1
    assert body["provenance"]["attempts"] == 1
    assert any("after 1 of" in w for w in body["warnings"])


def test_summary_falls_back_to_extractive_when_the_budget_is_spent() -> None:
    with app_on_fake(_costly(NO_FLAGS, 50), llm_request_token_budget=100) as (c, _):
        body = c.post("/summarize", json={"article": {"text": SEED_001}}).json()
    assert body["provenance"]["method"] == "extractive"
    assert body["summary"]["points"]
    assert "token budget" in body["warnings"][0]


def test_daily_budget_is_shared_by_requests() -> None:
    settings = {"llm_daily_token_budget": 5_000, "llm_cache_entries": 0}
    with app_on_fake(_costly(NO_FLAGS, 4_990), **settings) as (c, fake):
        first = c.post("/verify", json={"article": {"text": SEED_001}}).json()
        second = c.post("/verify", json={"article": {"text": SEED_001}}).json()
    assert len(fake.requests) == 1
    assert first["warnings"] == []
    assert "DESKCHECK_LLM_DAILY_TOKEN_BUDGET" in second["warnings"][0]


def test_partial_result_is_not_cached(tmp_path: Path) -> None:
    settings = {"llm_request_token_budget": 100, "response_cache_entries": 10}
    with app_on_fake(_costly(NO_FLAGS, 50), data_dir=tmp_path, **settings) as (c, _):
        c.post("/verify", json={"article": {"text": SEED_001}})
        again = c.post("/verify", json={"article": {"text": SEED_001}}).json()
    assert again["provenance"]["cached"] is False
