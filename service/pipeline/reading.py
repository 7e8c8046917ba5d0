"""An article read once per analysis: its document and the evidence layer's findings.

Summarize and verify both start from the same two things. Within one analysis (a review-desk
job, `POST /analyze`) they share one `Reading`, so the evidence layer, the costliest CPU step
of full mode, runs once per article instead of once per task. Both only read what they are
given, so sharing it changes no output.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from schemas.common import ArticleIn
from service.config import Settings
from service.evidence import Evidence, analyze
from service.evidence.overlay import rules_for
from service.pipeline.intake import intake
from service.text import Document


@dataclass(frozen=True)
class ArticleRead:
    document: Document
    evidence: Evidence


def read_article(article: ArticleIn, settings: Settings) -> ArticleRead:
    """Intake (refusing an unusable article) and the evidence layer: CPU work, milliseconds."""
    document = intake(article, settings)
    return ArticleRead(
        document, analyze(document, rules_for(settings.learnt_overlay, article.outlet))
    )


class AboutAnArticle(Protocol):
    @property
    def article(self) -> ArticleIn: ...


Q = TypeVar("Q", bound=AboutAnArticle)
A = TypeVar("A")


def fast_job(work: Callable[[Q, ArticleRead], A], request: Q, settings: Settings) -> A:
    """Fast mode's whole job on an evidence worker: read the article, then the domain's work.

    Here, not beside the dispatch: a worker imports the module of each function it is sent,
    and this one imports nothing of the model seam or the store (some 80 MB per worker).
    """
    return work(request, read_article(request.article, settings))


class Reading:
    """One article's reading, done on first use (off the event loop) and kept for the next."""

    def __init__(self, article: ArticleIn, settings: Settings) -> None:
        self.article = article
        self.settings = settings
        self._read: ArticleRead | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> ArticleRead:
        async with self._lock:  # two tasks asking at once still read the article once
            if self._read is None:
                # In a thread, so that the event loop (and /healthz) answers meanwhile.
                self._read = await asyncio.to_thread(read_article, self.article, self.settings)
            return self._read


async def reading_of(article: ArticleIn, settings: Settings, shared: Reading | None) -> ArticleRead:
    """The shared reading when a caller passed one (for this very article), else a new one."""
    if shared is None:
        return await Reading(article, settings).get()
    if shared.article.text != article.text:
        raise ValueError("a shared Reading was passed for another article")
    return await shared.get()
