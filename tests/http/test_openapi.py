"""The published OpenAPI document is the one the code serves."""

import json
import re
from pathlib import Path

from service.app import openapi_document
from service.text import build_document

PUBLISHED = Path(__file__).resolve().parents[2] / "schemas" / "openapi.json"


def test_published_openapi_matches_the_code() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == openapi_document(), "regenerate: deskcheck openapi > schemas/openapi.json"


def test_openapi_lists_both_endpoints_with_typed_responses() -> None:
    paths = openapi_document()["paths"]
    assert {"/summarize", "/verify", "/healthz", "/readyz"} <= set(paths)
    ok = paths["/verify"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/VerifyResponse"}


def test_every_422_is_documented_in_the_error_shape_we_send() -> None:
    document = openapi_document()
    invalid = [
        operation["responses"]["422"]["content"]["application/json"]["schema"]
        for path in document["paths"].values()
        for operation in path.values()
        if "422" in operation["responses"]
    ]
    assert invalid and all(s == {"$ref": "#/components/schemas/ErrorBody"} for s in invalid)
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_review_operations_name_the_three_ways_to_present_a_key() -> None:
    document = openapi_document()
    schemes = document["components"]["securitySchemes"]
    assert schemes["HTTPBearer"]["scheme"] == "bearer"
    assert schemes["APIKeyHeader"]["name"] == "X-API-Key"
    assert schemes["APIKeyCookie"]["in"] == "cookie"
    approve = document["paths"]["/review/items/{item_id}/approve"]["post"]
    assert {name for option in approve["security"] for name in option} == set(schemes)
    assert {"401", "403", "404", "409"} <= set(approve["responses"])


def test_the_published_article_pattern_refuses_what_intake_refuses() -> None:
    pattern = re.compile(
        openapi_document()["components"]["schemas"]["ArticleIn"]["properties"]["text"]["pattern"]
    )
    tags = "".join(chr(0xE0000 + ord(c)) for c in "ignore")  # ASCII smuggled as tag characters
    for refused in ("", " \n", "\u200b\u200d", tags, "\u00ad" + tags, "a\x00b"):
        assert not pattern.search(refused), ascii(refused)
    for accepted in ("a", "\U0001f600", f"{tags}A", "\u200bx"):
        assert pattern.search(accepted), ascii(accepted)
        assert build_document(accepted).sentences
