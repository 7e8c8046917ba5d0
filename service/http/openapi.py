"""The published contract: FastAPI's OpenAPI document, made to say what the service does."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

# The model endpoints' key schemes (`service.auth.schemes.MODEL_KEY_SCHEMES`), by the names the
# document gives them: a bearer token or an X-API-Key header, and no cookie.
_MODEL_KEY_SECURITY: list[dict[str, list[str]]] = [{"HTTPBearer": []}, {"APIKeyHeader": []}]


def install_openapi(app: FastAPI, max_article_chars: int) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                routes=app.routes,
            )
            _our_validation_errors(document)
            _article_limits(document, max_article_chars)
            if not app.state.auth.model_key_required:  # install_auth has run by now
                _model_key_optional(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _our_validation_errors(document: dict[str, Any]) -> None:
    """FastAPI documents its own 422 body; we answer `{"error", "detail"}` (`http_errors`)."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            invalid = operation.get("responses", {}).get("422")
            if invalid is not None and "HTTPValidationError" in str(invalid):
                invalid["description"] = "The request is malformed; `detail` names the field."
                invalid["content"]["application/json"]["schema"] = {
                    "$ref": "#/components/schemas/ErrorBody"
                }
    schemas = document.get("components", {}).get("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)


def _model_key_optional(document: dict[str, Any]) -> None:
    """OpenAPI's empty requirement `{}`: the operation is also served without a key. The
    operations are those declaring `MODEL_KEY_SCHEMES`' two schemes and no cookie."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            if operation.get("security") == _MODEL_KEY_SECURITY:
                operation["security"] = [*_MODEL_KEY_SECURITY, {}]


# What `pipeline.intake` refuses besides length: NUL anywhere, and a text with nothing visible
# (white space as Python counts it, and the invisible characters normalization drops; the tag
# characters U+E0000-E007F too, which a JSON Schema pattern cannot name).
_WHITE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVISIBLE = r"\xad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
ARTICLE_TEXT_PATTERN = rf"^[^\x00]*[^\x00{_WHITE}{_INVISIBLE}][^\x00]*$"


def _article_limits(document: dict[str, Any], max_article_chars: int) -> None:
    """What `pipeline.intake` refuses, stated where clients look (the limit is a setting)."""
    text = document["components"]["schemas"]["ArticleIn"]["properties"]["text"]
    text["maxLength"] = max_article_chars
    text["pattern"] = ARTICLE_TEXT_PATTERN
