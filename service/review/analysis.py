"""Running summarize + verify for a stored item, and storing what comes back (or why not)."""

from dataclasses import dataclass

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from schemas.common import ArticleIn, Mode
from schemas.summarize import SummarizeRequest, SummarizeResponse
from schemas.verify import VerifyRequest, VerifyResponse
from service.config import Settings
from service.deadline import within_deadline
from service.errors import DeskcheckError
from service.llm import ModelClient, new_marker
from service.review.context import Actor
from service.review.feedback import mark_previously_reviewed
from service.review.integrity import item_state
from service.review.repository import load_item, next_revision
from service.review.transitions import record_state_change
from service.store import Database
from service.store.models import Analysis, FlagRow, ReviewItem, SummaryRevision
from service.summarize.service import summarize
from service.verify.service import verify


@dataclass(frozen=True)
class Results:
    summary: SummarizeResponse
    report: VerifyResponse


async def analyse(
    db: Database,
    settings: Settings,
    model: ModelClient,
    item_id: str,
    actor: Actor,
    mode: Mode | None = None,
) -> None:
    """Run the models on a stored item; a failure is recorded on the item, never raised."""
    article, item_mode, max_points = await run_in_threadpool(_article_of, db, item_id)
    work = run_models(article, mode or item_mode, max_points, settings, model)
    try:
        results = await within_deadline(work, settings.request_deadline_s)
    except DeskcheckError as failure:
        await run_in_threadpool(record_failure, db, item_id, failure, actor)
        return
    await run_in_threadpool(record_results, db, item_id, results, actor)


async def run_models(
    article: ArticleIn, mode: Mode, max_points: int, settings: Settings, model: ModelClient
) -> Results:
    """Summarize, then verify the article with that summary checked; one marker for both."""
    marker = new_marker(article.text)
    summary = await summarize(
        SummarizeRequest(article=article, mode=mode, max_points=max_points), settings, model, marker
    )
    report = await verify(
        VerifyRequest(article=article, summary=summary.summary.text or None, mode=mode),
        settings,
        model,
        marker,
    )
    return Results(summary, report)


def record_results(db: Database, item_id: str, results: Results, actor: Actor) -> None:
    with db.session() as session:
        item = load_item(session, item_id)
        before = item_state(item)
        mark_previously_reviewed(session, results.report, item_id)
        for kind, result in (("summarize", results.summary), ("verify", results.report)):
            session.add(
                Analysis(
                    item_id=item_id,
                    kind=kind,
                    result=result.model_dump(mode="json"),
                    provenance=result.provenance.model_dump(mode="json"),
                )
            )
        item.flag_count = _store_flags(session, item_id, results.report)
        _store_model_summary(session, item, results.summary)
        item.analysis_state, item.error, item.attempts = "done", None, item.attempts + 1
        detail = f"{item.flag_count} flags, summary {results.summary.provenance.method}"
        record_state_change(session, item, before, "analysis.completed", actor, detail)


def record_failure(db: Database, item_id: str, failure: DeskcheckError, actor: Actor) -> None:
    with db.session() as session:
        item = load_item(session, item_id)
        before = item_state(item)
        item.analysis_state, item.attempts = "failed", item.attempts + 1
        item.error = {"error": failure.kind, "detail": failure.detail}
        detail = f"{failure.kind}: {failure.detail}"
        record_state_change(session, item, before, "analysis.failed", actor, detail)


def _article_of(db: Database, item_id: str) -> tuple[ArticleIn, Mode, int]:
    with db.session() as session:
        item = load_item(session, item_id)
        a = item.article
        article = ArticleIn(
            text=a.text,
            title=a.title,
            url=a.url,
            outlet=a.outlet,
            published_at=a.published_at,
            language=a.language,
        )
        return article, "fast" if item.mode == "fast" else "full", item.max_points


def _store_flags(session: Session, item_id: str, report: VerifyResponse) -> int:
    rows = [
        FlagRow(
            item_id=item_id,
            claim_id=claim.id,
            type=flag.type,
            detector=flag.detector,
            start=flag.start,
            end=flag.end,
            text=flag.text,
            detail=flag.detail,
        )
        for claim in report.claims
        for flag in claim.flags
    ]
    session.add_all(rows)
    return len(rows)


def _store_model_summary(session: Session, item: ReviewItem, summary: SummarizeResponse) -> None:
    session.add(
        SummaryRevision(
            item_id=item.id,
            number=next_revision(session, item.id),
            text=summary.summary.text,
            author=f"deskcheck ({summary.provenance.method})",
        )
    )
