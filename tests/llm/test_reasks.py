"""Re-asks change something: the validation error is in the prompt and the sampling differs."""

import json

from tests.fake_backend import completion
from tests.llm.on_fake import SEED_001, app_on_fake

INVENTED = completion(json.dumps({"points": [{"text": "Putin visited Paris.", "sentences": [1]}]}))
ARTICLE = {"article": {"text": SEED_001}}


def test_reask_samples_warmer_than_the_greedy_first_call() -> None:
    with app_on_fake(INVENTED, llm_max_attempts=2, llm_reask_temperature=0.8) as (c, fake):
        c.post("/summarize", json=ARTICLE)
    first, reask = fake.requests
    assert first["temperature"] == 0.0
    assert reask["temperature"] == 0.8
    assert "seed" not in first


def test_each_reask_has_its_own_seed() -> None:
    with app_on_fake(INVENTED, llm_max_attempts=3) as (c, fake):
        c.post("/summarize", json=ARTICLE)
    assert [r.get("seed") for r in fake.requests] == [None, 1, 2]


def test_reask_carries_the_validation_error() -> None:
    with app_on_fake(INVENTED, llm_max_attempts=2) as (c, fake):
        c.post("/summarize", json=ARTICLE)
    assert "validation error" in fake.requests[1]["messages"][-1]["content"]
    assert fake.requests[1]["messages"][:2] == fake.requests[0]["messages"]


def test_reask_does_not_echo_the_refused_answer_back() -> None:
    with app_on_fake(INVENTED, llm_max_attempts=2) as (c, fake):
        c.post("/summarize", json=ARTICLE)
    reask = fake.requests[1]["messages"][-1]["content"]
    assert "validation error" in reask
    assert "input_value" not in reask
    assert "errors.pydantic.dev" not in reask
