"""/verify on the seed articles, replayed from traffic recorded with the embedded model."""

import pytest
from fastapi.testclient import TestClient

from schemas.verify import VerifyResponse
from tests.conftest import seed_text
from tests.spans import assert_spans_quote

SEED_000 = "000_7164c3a58de98ac3.txt"
SEED_001 = "001_100bbb814b795ab1.txt"


def _verify(client: TestClient, name: str, summary: str | None = None) -> VerifyResponse:
    body = {"article": {"text": seed_text(name)}, "summary": summary}
    response = client.post("/verify", json=body)
    assert response.status_code == 200, response.text
    return VerifyResponse.model_validate(response.json())


@pytest.mark.vcr
def test_seed_000_report_quotes_the_article_exactly(model_client: TestClient) -> None:
    result = _verify(model_client, SEED_000)
    assert result.provenance.prompt is not None and result.provenance.prompt.startswith("verify@")
    assert result.counts.claims == len(result.claims)
    assert assert_spans_quote(seed_text(SEED_000), result.model_dump()) > 0
    # Recorded: the first answer quoted "The source is not named." (no sentence of the article)
    # beside "Aleisk, Kherson Oblast" and was re-asked; the second quoted "..." and sentences the
    # model made up, so the quote check refused every flag: the report is the evidence layer's
    # alone (why the embedded model's flag task is off by default).
    assert (result.provenance.method, result.provenance.attempts) == ("evidence", 2)
    assert [f for c in result.claims for f in c.flags if f.detector == "llm"] == []
    assert any("dropped" in warning for warning in result.warnings), result.warnings


@pytest.mark.vcr
def test_seed_001_report_checks_a_given_summary(model_client: TestClient) -> None:
    summary = "Governor Balitskiy said nine detonations were recorded. The town was never occupied."
    result = _verify(model_client, SEED_001, summary)
    assert result.summary_check is not None and len(result.summary_check) == 2
    assert assert_spans_quote(seed_text(SEED_001), result.model_dump()) > 0
    assert result.provenance.usage.prompt_tokens > 2 * 1000  # two attempts, each the article
    assert "dropped" in result.warnings[0]
