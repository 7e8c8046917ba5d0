"""One reading per analysis: a job (and /analyze) runs the evidence layer once for its summary
and its report together, and sharing that reading changes neither."""

import asyncio
import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from schemas.analyze import AnalyzeRequest
from schemas.common import ArticleIn, Mode
from schemas.review import AnalysisState
from schemas.summarize import SummarizeRequest
from schemas.verify import VerifyRequest
from service.analyze.service import analyze_article
from service.config import Settings
from service.llm import ModelClient, configured_backend, new_marker
from service.review.analysis import Results, run_models
from service.summarize.service import summarize
from service.verify.service import verify
from tests.conftest import model_settings, seed_text
from tests.fake_backend import completion, fake_backend

SEED = "001_100bbb814b795ab1.txt"
_VOLATILE = frozenset({"id", "latency_ms"})


@pytest.fixture
def settings() -> Iterator[Settings]:
    """A remote model that answers at once with JSON the checks refuse (summary falls back
    to extractive, no model flags): every step still runs, on every article."""
    with fake_backend(completion("{}")) as backend:
        yield model_settings(backend.base_url, llm_model="fake", llm_max_attempts=1)


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the evidence layer analysed, in order (counted where every caller ends up)."""
    module = importlib.import_module("service.evidence.analyze")
    real = module.build_context
    seen: list[str] = []

    def counting(document: Any, *rest: Any) -> Any:
        seen.append(document.text)
        return real(document, *rest)

    monkeypatch.setattr(module, "build_context", counting)
    return seen


def _job(settings: Settings, mode: Mode) -> tuple[Results, list[AnalysisState]]:
    steps: list[AnalysisState] = []

    async def progress(state: AnalysisState) -> None:
        steps.append(state)

    model = ModelClient(settings, configured_backend(settings))
    article = ArticleIn(text=seed_text(SEED))
    return asyncio.run(run_models(article, mode, 5, settings, model, progress)), steps


@pytest.mark.parametrize(
    ("mode", "steps"), [("full", ["evidence_done", "model_done"]), ("fast", [])]
)
def test_a_job_reads_its_article_once(
    settings: Settings, analyses: list[str], mode: Mode, steps: list[str]
) -> None:
    results, seen_steps = _job(settings, mode)
    assert len(analyses) == 1
    assert seen_steps == steps
    assert results.summary.summary.points and results.report.claims
    assert results.report.summary_check is not None  # the summary was checked all the same


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_analyze_reads_its_article_once(
    settings: Settings, analyses: list[str], mode: Mode
) -> None:
    model = ModelClient(settings, configured_backend(settings))
    request = AnalyzeRequest(article=ArticleIn(text=seed_text(SEED)), mode=mode)
    response = asyncio.run(analyze_article(request, settings, model))
    assert len(analyses) == 1
    assert response.verify.summary_check is not None


def test_a_shared_reading_changes_nothing(settings: Settings) -> None:
    """The job's summary and report are those summarize and verify give on their own."""
    results, _ = _job(settings, "full")
    model = ModelClient(settings, configured_backend(settings))
    article = ArticleIn(text=seed_text(SEED))

    async def separately() -> Results:
        marker = new_marker(article.text)
        summary = await summarize(SummarizeRequest(article=article), settings, model, marker)
        check = VerifyRequest(article=article, summary=summary.summary.text or None)
        return Results(summary, await verify(check, settings, model, marker))

    alone = asyncio.run(separately())
    assert _stable(results.summary.model_dump(mode="json")) == _stable(
        alone.summary.model_dump(mode="json")
    )
    assert _stable(results.report.model_dump(mode="json")) == _stable(
        alone.report.model_dump(mode="json")
    )


def _stable(value: Any) -> Any:
    """A response without what changes per call (its id and timings)."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value
