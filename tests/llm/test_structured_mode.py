"""Backends that just work: a refused response_format falls back to a mode the server takes."""

import json

from tests.fake_backend import Reply, completion
from tests.llm.on_fake import NO_FLAGS, SEED_001, app_on_fake

ARTICLE = {"article": {"text": SEED_001}}
# What llama_cpp.server answers to {"type": "json_schema"}: its request model only knows
# "text" and "json_object".
REFUSED = Reply(
    status=422,
    body=json.dumps(
        {
            "detail": [
                {
                    "loc": ["body", "response_format", "type"],
                    "msg": "Input should be 'text' or 'json_object'",
                }
            ]
        }
    ).encode(),
)


def test_refused_json_schema_falls_back_to_a_schema_in_json_object() -> None:
    with app_on_fake(REFUSED, completion(NO_FLAGS), llm_structured_mode="json_schema") as (
        c,
        fake,
    ):
        response = c.post("/verify", json=ARTICLE)
    assert response.status_code == 200
    assert fake.requests[0]["response_format"]["type"] == "json_schema"
    assert fake.requests[1]["response_format"]["type"] == "json_object"
    assert "schema" in fake.requests[1]["response_format"]


def test_fallback_mode_is_remembered_for_later_requests() -> None:
    with app_on_fake(REFUSED, completion(NO_FLAGS), llm_structured_mode="json_schema") as (
        c,
        fake,
    ):
        c.post("/verify", json=ARTICLE)
        c.post("/verify", json={"article": {"text": SEED_001 + "\n\nMore later."}})
    assert [r["response_format"]["type"] for r in fake.requests] == [
        "json_schema",
        "json_object",
        "json_object",
    ]


def test_a_server_refusing_every_mode_is_a_502_naming_the_setting() -> None:
    with app_on_fake(REFUSED, llm_structured_mode="json_schema") as (c, fake):
        response = c.post("/verify", json=ARTICLE)
    assert response.status_code == 502
    assert "DESKCHECK_LLM_STRUCTURED_MODE" in response.json()["detail"]
    assert len(fake.requests) == 3  # json_schema, json_object with a schema, plain json


def test_model_name_comes_from_the_server_when_not_configured() -> None:
    with app_on_fake(completion(NO_FLAGS), llm_model=None) as (c, _):
        body = c.post("/verify", json=ARTICLE).json()
    assert body["provenance"]["model"] == "fake"
