"""Rewriting article wording without its loaded terms (used by extractive summaries)."""

import re

from service.evidence.model import Signal


def neutralize(text: str, offset: int, loaded: list[Signal]) -> str:
    """`text` starts at `offset` of the document; replace or drop each loaded term inside it."""
    pieces: list[str] = []
    cursor = 0
    for signal in sorted(loaded, key=lambda s: s.start):
        start, end = signal.start - offset, signal.end - offset
        if start < cursor or start < 0 or end > len(text):
            continue
        pieces.append(text[cursor:start])
        pieces.append(signal.suggestion or "")
        cursor = end
    pieces.append(text[cursor:])
    return _tidy("".join(pieces))


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", text)
    text = re.sub(r"\b([Aa])n (?=[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z])", r"\1 ", text)
    return text.strip()
