"""POST /analyze: summary and report of one article, the article read once by the model."""

from tests.fake_backend import completion
from tests.llm.on_fake import GOOD_POINT, NO_FLAGS, SEED_001, app_on_fake

ARTICLE = {"article": {"text": SEED_001}}


def test_analyze_returns_the_summary_and_the_report() -> None:
    with app_on_fake(completion(GOOD_POINT), completion(NO_FLAGS)) as (c, _):
        response = c.post("/analyze", json=ARTICLE)
    body = response.json()
    assert response.status_code == 200
    assert body["summarize"]["provenance"]["method"] == "llm"
    assert body["verify"]["article"] == body["summarize"]["article"]


def test_analyze_checks_the_summary_it_wrote() -> None:
    with app_on_fake(completion(GOOD_POINT), completion(NO_FLAGS)) as (c, _):
        body = c.post("/analyze", json=ARTICLE).json()
    checked = [row["sentence"] for row in body["verify"]["summary_check"]]
    assert checked == [body["summarize"]["summary"]["text"]]


def test_summarize_and_verify_send_the_same_system_prefix() -> None:
    with app_on_fake(completion(GOOD_POINT), completion(NO_FLAGS)) as (c, fake):
        c.post("/summarize", json=ARTICLE)
        c.post("/verify", json=ARTICLE)
    summarize_system, verify_system = (r["messages"][0] for r in fake.requests)
    assert summarize_system == verify_system
    assert fake.requests[0]["messages"][1] != fake.requests[1]["messages"][1]


def test_analyze_is_in_the_published_contract() -> None:
    with app_on_fake(completion(NO_FLAGS)) as (c, _):
        paths = c.get("/openapi.json").json()["paths"]
    ok = paths["/analyze"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/AnalyzeResponse"}
