"""A whole-request time budget, so a slow model becomes a 504 that says so."""

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TypeVar

from service.errors import DeadlineExceeded

T = TypeVar("T")


@asynccontextmanager
async def deadline(seconds: float) -> AsyncIterator[None]:
    """`async with deadline(s): ...`: the work inside is cancelled after `s` seconds."""
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError as exc:
        raise DeadlineExceeded(
            f"no result within {seconds:g}s (DESKCHECK_REQUEST_DEADLINE_S); the model backend "
            'is slow or overloaded: retry, use "mode": "fast", or point at a faster backend'
        ) from exc


async def within_deadline(work: Awaitable[T], seconds: float) -> T:
    async with deadline(seconds):
        return await work
