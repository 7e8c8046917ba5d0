"""Shared fixtures for evidence tests: seed articles, documents and the fast /verify report."""

import asyncio
from functools import lru_cache

from schemas.common import ArticleIn
from schemas.verify import Claim, VerifyRequest, VerifyResponse
from service.config import Settings
from service.evidence import Evidence, analyze
from service.llm import ModelClient
from service.llm.backend import configured_backend
from service.resources import read_seed_text
from service.text import Document, build_document

SEED_000 = "articles/000_7164c3a58de98ac3.txt"
SEED_001 = "articles/001_100bbb814b795ab1.txt"


def seed_text(path: str) -> str:
    return read_seed_text(path)


def evidence_for(text: str) -> tuple[Document, Evidence]:
    document = build_document(text)
    return document, analyze(document)


@lru_cache(maxsize=4)
def fast_report(path: str) -> VerifyResponse:
    from service.verify.service import verify

    settings = Settings()
    model = ModelClient(settings, configured_backend(settings))
    request = VerifyRequest(article=ArticleIn(text=seed_text(path)), mode="fast")
    return asyncio.run(verify(request, settings, model))


def fast_report_of(text: str) -> VerifyResponse:
    """The fast /verify report of a made-up article."""
    from service.verify.service import verify

    settings = Settings()
    model = ModelClient(settings, configured_backend(settings))
    request = VerifyRequest(article=ArticleIn(text=text), mode="fast")
    return asyncio.run(verify(request, settings, model))


def claim_containing(report: VerifyResponse, words: str) -> Claim:
    return next(c for c in report.claims if words in c.text)
