"""The published OpenAPI document is the one the code serves."""

import json
from pathlib import Path

from service.app import openapi_document

PUBLISHED = Path(__file__).resolve().parent.parent / "schemas" / "openapi.json"


def test_published_openapi_matches_the_code() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == openapi_document(), "regenerate: deskcheck openapi > schemas/openapi.json"


def test_openapi_lists_both_endpoints_with_typed_responses() -> None:
    paths = openapi_document()["paths"]
    assert {"/summarize", "/verify", "/healthz", "/readyz"} <= set(paths)
    ok = paths["/verify"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/VerifyResponse"}
