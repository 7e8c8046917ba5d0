"""Checks every test of a response makes: each span quotes the submitted text exactly."""

from typing import Any


def iter_spans(payload: Any) -> list[dict[str, Any]]:
    """Every object in a response that carries start/end (and text, where it quotes)."""
    found: list[dict[str, Any]] = []
    if isinstance(payload, dict):
        if payload.get("start") is not None or payload.get("end") is not None:
            found.append(payload)  # a source mention's span is null when no words name it
        for value in payload.values():
            found.extend(iter_spans(value))
    elif isinstance(payload, list):
        for item in payload:
            found.extend(iter_spans(item))
    return found


def assert_spans_quote(article: str, payload: Any) -> int:
    spans = iter_spans(payload)
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= len(article), span
        if "text" in span:
            assert article[span["start"] : span["end"]] == span["text"], span
    return len(spans)
