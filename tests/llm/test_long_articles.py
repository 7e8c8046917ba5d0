"""An article longer than the model's context is read in parts and merged, never a 502."""

import json

from tests.fake_backend import Reply, completion
from tests.llm.on_fake import GOOD_POINT, NO_FLAGS, SEED_001, app_on_fake

# About 25,000 characters: the seed article's paragraphs again and again, each copy marked.
LONG = "\n\n".join(f"Update {n}.\n\n{SEED_001}" for n in range(7))
OVERFLOW = Reply(
    status=400,
    body=json.dumps(
        {
            "error": {
                "message": "This model's maximum context length is 4096 tokens, however you "
                "requested 6500 tokens (6500 in your prompt; 0 for the completion).",
                "code": "context_length_exceeded",
            }
        }
    ).encode(),
)


def _first_sentence_ids(requests: list[dict[str, object]]) -> list[str]:
    """The first sentence id each request showed the model (from the article block)."""
    firsts = []
    for request in requests:
        system = request["messages"][0]["content"]  # type: ignore[index]
        block = system.split("\n<<<ARTICLE ", 1)[1].split("\n", 1)[1]
        firsts.append(block.split("]", 1)[0] + "]")
    return firsts


def test_long_article_is_sent_in_parts_that_fit_the_context() -> None:
    assert len(LONG) > 25_000
    with app_on_fake(completion(NO_FLAGS), llm_context_tokens=4096) as (c, fake):
        response = c.post("/verify", json={"article": {"text": LONG}})
    assert response.status_code == 200
    assert len(fake.requests) > 1
    assert _first_sentence_ids(fake.requests)[0] == "[0]"
    assert all(len(r["messages"][0]["content"]) < 4096 * 3 for r in fake.requests)


def test_parts_keep_the_article_sentence_ids() -> None:
    with app_on_fake(completion(NO_FLAGS), llm_context_tokens=4096) as (c, fake):
        body = c.post("/verify", json={"article": {"text": LONG}}).json()
    firsts = _first_sentence_ids(fake.requests)
    assert firsts[1] != "[0]"
    assert "read in" in body["warnings"][0]


def test_summary_of_a_long_article_merges_the_points_of_its_parts() -> None:
    with app_on_fake(completion(GOOD_POINT), llm_context_tokens=4096) as (c, fake):
        body = c.post("/summarize", json={"article": {"text": LONG}, "max_points": 5}).json()
    assert body["provenance"]["method"] == "llm"
    assert len(body["summary"]["points"]) == min(5, len(fake.requests))
    assert body["provenance"]["attempts"] == len(fake.requests)


def test_context_overflow_from_the_server_halves_the_part_and_retries() -> None:
    with app_on_fake(OVERFLOW, completion(NO_FLAGS), llm_context_tokens=None) as (c, fake):
        response = c.post("/verify", json={"article": {"text": LONG}})
    assert response.status_code == 200
    whole, first_half, second_half = _first_sentence_ids(fake.requests)
    assert (whole, first_half) == ("[0]", "[0]")
    assert second_half != "[0]"


def test_long_article_short_of_time_keeps_the_parts_read_instead_of_a_504() -> None:
    slow = completion(NO_FLAGS)
    slow.delay_s = 0.5
    settings = {"llm_context_tokens": 2048, "request_deadline_s": 3.0}
    with app_on_fake(slow, **settings) as (c, fake):
        c.post("/verify", json={"article": {"text": SEED_001}, "mode": "fast"})  # warm up
        response = c.post("/verify", json={"article": {"text": LONG}})
    assert response.status_code == 200
    assert any("ran short" in w for w in response.json()["warnings"])
    assert 1 <= len(fake.requests) < 10
