"""Running summarize + verify for a claimed item, and storing what comes back (or why not).

Called by the analysis job (review/job.py) while it holds the item's lease: progress and results
are written only while it does, so an item is analysed once however often its job is delivered.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from schemas.common import ArticleIn, Mode
from schemas.review import AnalysisState
from schemas.summarize import SummarizeRequest, SummarizeResponse
from schemas.verify import VerifyRequest, VerifyResponse
from service.analyze.fast import fast_analysis
from service.config import Settings
from service.errors import DeskcheckError
from service.llm import ModelClient, new_marker
from service.pipeline.deadline import within_deadline
from service.pipeline.pool import evidence_work
from service.pipeline.reading import Reading
from service.review import webhooks
from service.review.bindings import analyses_bound, bound, deleted
from service.review.context import Actor
from service.review.feedback import link_prior_reviews
from service.review.integrity import item_state
from service.review.learning import active_overlay
from service.review.lease import Lease, release
from service.review.repository import load_item, next_revision
from service.review.transitions import record_state_change
from service.store import Database
from service.store.models import Analysis, FlagRow, ReviewItem, SummaryRevision
from service.summarize.service import summarize
from service.verify.service import verify

Progress = Callable[[AnalysisState], Awaitable[None]]
"""Told each step an analysis reaches; raises LeaseLost when the worker no longer holds it."""


@dataclass(frozen=True)
class Results:
    summary: SummarizeResponse
    report: VerifyResponse


async def analyse(
    db: Database,
    settings: Settings,
    model: ModelClient,
    lease: Lease,
    actor: Actor,
    progress: Progress,
) -> None:
    """Run the models on a claimed item; a failure is recorded on the item, never raised."""
    article, mode, max_points = await run_in_threadpool(_article_of, db, lease.item_id)
    # The newsroom's learnt overlay, as data for the evidence layer (service/review/learning.py).
    overlay = await run_in_threadpool(active_overlay, db)
    if overlay:
        settings = settings.model_copy(update={"learnt_overlay": overlay})
    work = run_models(article, mode, max_points, settings, model, progress)
    try:
        results = await within_deadline(work, settings.request_deadline_s)
    except DeskcheckError as failure:
        await run_in_threadpool(record_failure, db, lease, failure, actor)
        return
    await run_in_threadpool(record_results, db, lease, results, actor)


async def run_models(
    article: ArticleIn,
    mode: Mode,
    max_points: int,
    settings: Settings,
    model: ModelClient,
    progress: Progress,
) -> Results:
    """Summarize, then verify the article with that summary checked; one marker for both, and
    one reading of the article (the evidence layer runs once per analysis).

    Fast mode is the evidence layer alone: its summary and report are one job for the evidence
    workers, and that job is the whole analysis (reading, then done). In full mode the article
    is read up front (milliseconds beside the model's seconds), so the editor sees that step
    and an unusable article is refused before any model call.
    """
    if mode == "fast":
        # No separate evidence step: it is the whole job, done a moment later; a store write
        # less per article, which workers sharing a SQLite store would queue for.
        summary, report = await evidence_work(fast_analysis, article, max_points, None, settings)
        return Results(summary, report)
    reading = Reading(article, settings)
    await reading.get()
    await progress("evidence_done")
    marker = new_marker(article.text)
    summary = await summarize(
        SummarizeRequest(article=article, mode=mode, max_points=max_points),
        settings,
        model,
        marker,
        reading,
    )
    report = await verify(
        VerifyRequest(article=article, summary=summary.summary.text or None, mode=mode),
        settings,
        model,
        marker,
        reading,
    )
    await progress("model_done")
    return Results(summary, report)


def record_results(db: Database, lease: Lease, results: Results, actor: Actor) -> None:
    """Everything in one transaction that also ends the lease: written once, by its holder.

    Reads come before the first write, which takes SQLite's write lock: other workers wait
    for it only while this one writes.
    """
    item_id = lease.item_id
    with db.session() as session:
        item = load_item(session, item_id)
        before = item_state(item)
        revision = next_revision(session, item_id)
        link_prior_reviews(session, results.report, item_id)
        analyses = [
            Analysis(
                item_id=item_id,
                kind=kind,
                result=result.model_dump(mode="json"),
                provenance=result.provenance.model_dump(mode="json"),
            )
            for kind, result in (("summarize", results.summary), ("verify", results.report))
        ]
        session.add_all(analyses)
        replaced = _replace_flags(session, item_id, results.report)
        model_summary = _store_model_summary(session, item, revision, results.summary)
        session.flush()  # ids and times: what the completion event binds
        flag_count = len(replaced.added)
        written = bound(*replaced.added, model_summary) | analyses_bound(session, analyses)
        binds = deleted(item_id, replaced.removed) | written
        item = release(
            session,
            lease,
            "done",
            error=None,
            attempts=item.attempts + 1,
            flag_count=flag_count,
            # Nothing of a new report is decided yet: every flag and contradiction remains.
            undecided_count=flag_count + len(results.report.contradictions),
            open_contradictions=len(results.report.contradictions),
        )
        detail = f"{item.flag_count} flags, summary {results.summary.provenance.method}"
        record_state_change(session, item, before, "analysis.completed", actor, detail, binds)
        webhooks.item_event(
            session, "item.analysed", item, flags=item.flag_count, undecided=item.undecided_count
        )


def record_failure(db: Database, lease: Lease, failure: DeskcheckError, actor: Actor) -> None:
    item_id = lease.item_id
    with db.session() as session:
        item = load_item(session, item_id)
        before = item_state(item)
        error = {"error": failure.kind, "detail": failure.detail}
        item = release(session, lease, "failed", attempts=item.attempts + 1, error=error)
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


@dataclass(frozen=True)
class _Replaced:
    added: list[FlagRow]
    removed: list[int]


def _replace_flags(session: Session, item_id: str, report: VerifyResponse) -> _Replaced:
    """The item's flag rows become this report's: never added to an earlier run's."""
    removed = list(session.scalars(select(FlagRow.id).where(FlagRow.item_id == item_id)))
    session.execute(delete(FlagRow).where(FlagRow.item_id == item_id))
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
    return _Replaced(rows, removed)


def _store_model_summary(
    session: Session, item: ReviewItem, number: int, summary: SummarizeResponse
) -> SummaryRevision:
    revision = SummaryRevision(
        item_id=item.id,
        number=number,
        text=summary.summary.text,
        author=f"deskcheck ({summary.provenance.method})",
    )
    session.add(revision)
    return revision
