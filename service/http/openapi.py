"""The published contract: FastAPI's OpenAPI document, made to say what the service does."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from service.text.normalize import INVISIBLE

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
# (white space as Python counts it, and every invisible character normalization drops, from its
# own table). Characters beyond the BMP (the tag characters) stand as themselves in the class:
# a `\uXXXX` escape names one UTF-16 unit, and such a range means the characters only to a
# Unicode-aware regex (Python's, and ECMA 262's with the `u` flag, which validators set).
_WHITE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _class_char(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


def _class_ranges(codes: frozenset[int]) -> str:
    """`codes` as the inside of a regex character class, runs written as ranges."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(
        _class_char(a) if a == b else f"{_class_char(a)}-{_class_char(b)}" for a, b in runs
    )


_INVISIBLE = _class_ranges(INVISIBLE)
ARTICLE_TEXT_PATTERN = rf"^[^\x00]*[^\x00{_WHITE}{_INVISIBLE}][^\x00]*$"


def _article_limits(document: dict[str, Any], max_article_chars: int) -> None:
    """What `pipeline.intake` refuses, stated where clients look (the limit is a setting)."""
    text = document["components"]["schemas"]["ArticleIn"]["properties"]["text"]
    text["maxLength"] = max_article_chars
    text["pattern"] = ARTICLE_TEXT_PATTERN
