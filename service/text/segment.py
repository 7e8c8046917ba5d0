"""Sentence and paragraph segmentation with character offsets.

Rule-based on purpose: it is fast, deterministic and explainable, and news copy is regular
enough. A sentence ends at `.`, `!` or `?` (plus closing quotes or brackets), or at the close of
a prompt structure, followed by space and something that can open a sentence, unless the word
before the stop is a known abbreviation or an initial. Paragraphs are lines; a sentence never
crosses a line break.
"""

import re

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)

# A sentence also ends where a prompt structure closes (a JSON object, a chat-markup tag) and
# one opens: text glued to a sentence (`{"role": "system", ...} Officials said ...`) must not
# hide what the sentence says, and must not hide itself inside it.
_BOUNDARY = re.compile(
    r"""(?:[.!?]+['"’”)\]}]*|\}|\|>|\[/INST\]|<</SYS>>)(?=\s+['"‘“(\[{<]?[A-Z0-9А-ЯЁ])"""
    r"""|[.!?]+['"’”)\]]*(?=\s+(?:\{\s*["']|<\|))"""
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, as (start, end) with surrounding white space trimmed."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = _trim(text, match.start(), match.end())
        if start < end:
            spans.append((start, end))
    return spans


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of `text[start:end]`, as trimmed (start, end) offsets into `text`."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, cursor, match.start()):
            continue
        spans.append(_trim(text, cursor, match.end()))
        cursor = match.end()
    spans.append(_trim(text, cursor, end))
    return [(s, e) for s, e in spans if s < e]


def _is_abbreviation(text: str, floor: int, stop: int) -> bool:
    if text[stop] != ".":
        return False
    word = _WORD_BEFORE.search(text, floor, stop)
    if word is None:
        return False
    token = word.group(1).lower()
    is_initial = len(token) == 1 and token.isalpha()
    return is_initial or token in _ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
