"""The dispatch: fast mode is the domain's fast function on the article read, full mode its
full function with the marker and reading an analysis shares (or its own)."""

import asyncio

import pytest

from schemas.common import ArticleIn
from schemas.verify import VerifyRequest, VerifyResponse
from service.config import Settings
from service.errors import BadArticle
from service.llm import ModelClient, configured_backend, new_marker
from service.pipeline.dispatch import Endpoint, FullRun, answer, dispatch
from service.pipeline.reading import ArticleRead, Reading
from service.verify.fast import fast_report

# NFC folds the decomposed "é": the cleaned text differs from the submitted one.
TEXT = "The mayor of Orle\u0301ans said the bridge reopened on Monday. Traffic resumed at noon."


def sentences_read(request: VerifyRequest, read: ArticleRead) -> int:
    """A fast function (module-level, as the pool needs): how many sentences it was given."""
    return len(read.document.sentences)


async def _never() -> int:
    raise AssertionError("full mode ran for a fast request")


def test_fast_mode_gives_the_fast_function_the_article_read() -> None:
    request = VerifyRequest(article=ArticleIn(text=TEXT), mode="fast")
    assert asyncio.run(dispatch(request, Settings(), sentences_read, _never)) == 2


def test_fast_mode_refuses_an_unusable_article_before_the_domain_work() -> None:
    request = VerifyRequest(article=ArticleIn(text="  "), mode="fast")
    with pytest.raises(BadArticle):
        asyncio.run(dispatch(request, Settings(), sentences_read, _never))


def _markers_seen(marker: str | None, reading: Reading | None) -> list[str]:
    seen: list[str] = []

    async def full(request: VerifyRequest, run: FullRun) -> VerifyResponse:
        seen.append(run.marker)
        return fast_report(request, run.read)

    settings = Settings()
    model = ModelClient(settings, configured_backend(settings))
    endpoint = Endpoint("verify", VerifyResponse, fast_report, full)
    request = VerifyRequest(article=ArticleIn(text=TEXT))
    asyncio.run(answer(endpoint, request, settings, model, marker, reading))
    return seen


def test_full_mode_alone_sends_the_article_under_its_cleaned_texts_marker() -> None:
    (marker,) = _markers_seen(None, None)
    assert marker != new_marker(TEXT)
    assert marker == new_marker(TEXT.replace("e\u0301", "\u00e9"))


def test_full_mode_in_an_analysis_keeps_the_analysis_marker() -> None:
    reading = Reading(ArticleIn(text=TEXT), Settings())
    assert _markers_seen("0123456789abcdef", reading) == ["0123456789abcdef"]


def test_a_reading_of_another_article_is_refused() -> None:
    other = Reading(ArticleIn(text="Another article entirely."), Settings())
    with pytest.raises(ValueError, match="another article"):
        _markers_seen(None, other)
