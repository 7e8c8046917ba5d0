"""Articles longer than the model's context, sent in parts split at paragraph boundaries.

A part is a range of sentence ids. Sentences keep their ids in every part, so the drafts of all
parts validate against the whole article and merge without renumbering. Parts are sized from the
context window when it is known; when the backend still says a part does not fit (or the window
is unknown), that part is halved and sent again.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Generic, TypeVar

from service.llm.budget import BudgetExhausted, current_budget, out_of_time
from service.llm.errors import ContextOverflow
from service.llm.prompts import datamark
from service.text import Document

T = TypeVar("T")

# Fewer characters per token than measured on the article as the prompt shows it, datamarked
# (3.0 on 20 PTC articles for SmolLM2, where the plain text has 4.3), so a part fits with room
# to spare; the instructions, the task and every attempt's answer are reserved on top.
_SAFE_CHARS_PER_TOKEN = 2.5
_RESERVED_PROMPT_TOKENS = 800


def article_parts(
    document: Document, context_tokens: int | None, answer_tokens: int
) -> list[range]:
    """Consecutive whole paragraphs per part; a paragraph too long alone is cut at sentences."""
    count = len(document.sentences)
    if context_tokens is None:
        return [range(count)]
    room = int((context_tokens - answer_tokens - _RESERVED_PROMPT_TOKENS) * _SAFE_CHARS_PER_TOKEN)
    cuts, size = [0], 0
    for paragraph in _paragraphs(document):
        for piece in _pieces(document, paragraph, room):
            length = _chars(document, piece)
            if size and size + length > room:
                cuts.append(piece.start)
                size = 0
            size += length
    cuts.append(count)
    return [range(a, b) for a, b in pairwise(cuts) if b > a]


def _paragraphs(document: Document) -> list[range]:
    starts = [
        s.index
        for s in document.sentences
        if s.index == 0 or s.paragraph != document.sentences[s.index - 1].paragraph
    ]
    return [
        range(a, b) for a, b in zip(starts, [*starts[1:], len(document.sentences)], strict=True)
    ]


def _pieces(document: Document, paragraph: range, room: int) -> list[range]:
    """The paragraph, or runs of its sentences that each fit (a sentence longer than that alone)."""
    if _chars(document, paragraph) <= room:
        return [paragraph]
    pieces, start, size = [], paragraph.start, 0
    for index in paragraph:
        length = _chars(document, range(index, index + 1))
        if size and size + length > room:
            pieces.append(range(start, index))
            start, size = index, 0
        size += length
    return [*pieces, range(start, paragraph.stop)]


def _chars(document: Document, part: range) -> int:
    """Characters of the part as the prompt shows it: each sentence datamarked, on its own line
    with its id."""
    return sum(len(datamark(document.sentences[i].text)) + 8 for i in part)


@dataclass
class PartResults(Generic[T]):
    """The results of the parts that ran; `stopped` says why the rest did not, if they did not."""

    results: list[T] = field(default_factory=list)
    parts: int = 0
    stopped: str | None = None


async def over_parts(parts: list[range], run: Callable[[range], Awaitable[T]]) -> PartResults[T]:
    """Run each part in article order; a token budget or the request's time running out stops
    the rest (the call in flight is cancelled), and the parts done are kept."""
    done = PartResults[T](parts=len(parts))
    budget = current_budget.get()
    stop_at = None if budget is None or len(parts) < 2 else budget.stop_at
    for part in parts:
        try:
            async with asyncio.timeout_at(stop_at):
                done.results += await _fitting(part, run)
        except BudgetExhausted as exhausted:
            done.stopped = exhausted.detail
            break
        except TimeoutError:
            out_of_time(budget)
            done.stopped = "the request's time (DESKCHECK_REQUEST_DEADLINE_S) ran short"
            break
    return done


async def _fitting(part: range, run: Callable[[range], Awaitable[T]]) -> list[T]:
    try:
        return [await run(part)]
    except ContextOverflow:
        if len(part) < 2:
            raise
        middle = part.start + len(part) // 2
        first = await _fitting(range(part.start, middle), run)
        return first + await _fitting(range(middle, part.stop), run)


def parts_warnings(done: int, parts: int, stopped: str | None, what: str) -> list[str]:
    """What an editor should know about how the model read a long article."""
    warnings = []
    if parts > 1:
        warnings.append(
            f"the article is longer than the model's context: it was read in {parts} parts "
            "split at paragraphs, and their results merged"
        )
    if stopped is not None:
        warnings.append(
            f"{stopped} after {done} of {parts} part(s) of the article; the model's {what} "
            "cover only those parts (the evidence layer's findings cover the whole article)"
        )
    return warnings
