"""Running summarize + verify for a claimed item, and storing what comes back (or why not).

Called by the analysis job (review/job.py) while it holds the item's lease: progress and results
are written only while it does, so an item is analysed once however often its job is delivered.
"""

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from schemas.common import ArticleIn, Mode
from schemas.review import IN_ANALYSIS, AnalysisState
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
from service.review.feedback import ReviewedClaims, prior_review_links
from service.review.integrity import state_of
from service.review.learning import active_overlay
from service.review.lease import Lease, LeaseLost, claim_all, end_lease, new_holder
from service.review.transitions import state_change
from service.store import Database
from service.store.audit import AuditEvent, append_audits
from service.store.models import (
    Analysis,
    Article,
    FlagRow,
    PriorReviewLink,
    ReviewItem,
    SummaryRevision,
    WebhookEndpoint,
    utcnow,
)
from service.summarize.service import summarize
from service.verify.service import verify

log = logging.getLogger(__name__)

Progress = Callable[[AnalysisState], Awaitable[None]]
"""Told each step an analysis reaches; raises LeaseLost when the worker no longer holds it."""


@dataclass(frozen=True)
class Results:
    summary: SummarizeResponse
    report: VerifyResponse


@dataclass(frozen=True)
class Claimed:
    """An item a job holds, with what its analysis needs (read with the claim)."""

    lease: Lease
    article: ArticleIn
    mode: Mode
    max_points: int


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed item: its results, or why there are none."""

    item_id: str
    results: Results | None = None
    failure: DeskcheckError | None = None


def claim_group(db: Database, item_ids: list[str], seconds: float) -> list[Claimed]:
    """Claim every queued one of `item_ids` (one holder for all) and read their articles, in
    one transaction: the job then reads nothing more until it writes."""
    holder = new_holder()
    with db.session() as session:
        claim_all(session, item_ids, holder, seconds)
        rows = session.execute(
            select(
                ReviewItem.id,
                ReviewItem.mode,
                ReviewItem.max_points,
                Article.text,
                Article.title,
                Article.url,
                Article.outlet,
                Article.published_at,
                Article.language,
            )
            .join(Article, Article.id == ReviewItem.article_id)
            .where(ReviewItem.id.in_(item_ids), ReviewItem.claimed_by == holder)
        ).all()
    order = {item_id: n for n, item_id in enumerate(item_ids)}
    return [
        Claimed(
            Lease(row.id, holder, seconds),
            ArticleIn(
                text=row.text,
                title=row.title,
                url=row.url,
                outlet=row.outlet,
                published_at=row.published_at,
                language=row.language,
            ),
            "fast" if row.mode == "fast" else "full",
            row.max_points,
        )
        for row in sorted(rows, key=lambda row: order[row.id])
    ]


def with_overlay(db: Database, settings: Settings) -> Settings:
    """The settings with the newsroom's learnt overlay, as data for the evidence layer
    (service/review/learning.py): read once per job, however many items it holds."""
    overlay = active_overlay(db)
    return settings.model_copy(update={"learnt_overlay": overlay}) if overlay else settings


async def outcome_of(
    claimed: Claimed, settings: Settings, model: ModelClient, progress: Progress
) -> Outcome:
    """Run the models on one claimed item, within the deadline; a failure becomes the outcome."""
    item_id = claimed.lease.item_id
    work = run_models(claimed.article, claimed.mode, claimed.max_points, settings, model, progress)
    try:
        return Outcome(item_id, results=await within_deadline(work, settings.request_deadline_s))
    except DeskcheckError as failure:
        return Outcome(item_id, failure=failure)


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
    """Everything in one transaction that also ends the lease: written once, by its holder
    (LeaseLost, writing nothing, when another worker holds the item now)."""
    _record_one(db, lease, Outcome(lease.item_id, results=results), actor)


def record_failure(db: Database, lease: Lease, failure: DeskcheckError, actor: Actor) -> None:
    _record_one(db, lease, Outcome(lease.item_id, failure=failure), actor)


def _record_one(db: Database, lease: Lease, outcome: Outcome, actor: Actor) -> None:
    if not record_outcomes(db, lease.holder, [outcome], actor):
        raise LeaseLost(f"item {lease.item_id} is no longer held by {lease.holder}")


def record_outcomes(db: Database, holder: str, outcomes: list[Outcome], actor: Actor) -> set[str]:
    """The results and failures of a group of items claimed by `holder`, in one transaction
    that also ends their leases; the ids written. An item another worker holds now is left
    alone (its new holder writes it): only a lease's holder writes, and only once.

    Per group, not per item: one read of what the writes need, one INSERT per table, one move
    of the audit head, one audit anchor. Every item still gets its own `analysis.completed` (or
    `analysis.failed`) event, binding the rows it wrote. Reads come before the first write,
    which takes SQLite's write lock: other workers wait for it only while this one writes.
    """
    with db.session() as session:
        group = GroupWrite.read(session, holder, outcomes)
        written = group.end_leases(session, outcomes)
        group.write(session, [o for o in outcomes if o.item_id in written], actor)
    return written


@dataclass
class _Held:
    """An item as the group's writer found it before writing."""

    status: str
    analysis_state: str
    gate_override: str | None
    attempts: int
    title: str | None
    outlet: str | None


@dataclass
class GroupWrite:
    """What writing a group's outcomes needs from the store, read once for the group."""

    holder: str
    held: dict[str, _Held]
    revisions: dict[str, int]
    """Newest summary revision number per item."""
    old_flags: dict[str, list[int]]
    """Flag rows of an earlier analysis, per item: replaced, never added to."""
    reviewed: ReviewedClaims | None
    endpoints: list[WebhookEndpoint]

    @classmethod
    def read(cls, session: Session, holder: str, outcomes: list[Outcome]) -> "GroupWrite":
        ids = [o.item_id for o in outcomes]
        done = [o.item_id for o in outcomes if o.results is not None]
        rows = session.execute(
            select(
                ReviewItem.id,
                ReviewItem.status,
                ReviewItem.analysis_state,
                ReviewItem.gate_override,
                ReviewItem.attempts,
                Article.title,
                Article.outlet,
            )
            .join(Article, Article.id == ReviewItem.article_id)
            .where(
                ReviewItem.id.in_(ids),
                ReviewItem.claimed_by == holder,
                ReviewItem.analysis_state.in_(IN_ANALYSIS),
            )
        )
        held = {row.id: _Held(*row[1:]) for row in rows}
        revisions: dict[str, int] = {}
        old_flags: dict[str, list[int]] = defaultdict(list)
        if done:
            revisions = dict(
                session.execute(
                    select(SummaryRevision.item_id, func.max(SummaryRevision.number))
                    .where(SummaryRevision.item_id.in_(done))
                    .group_by(SummaryRevision.item_id)
                ).all()
            )
            flags = session.execute(
                select(FlagRow.item_id, FlagRow.id).where(FlagRow.item_id.in_(done))
            )
            for item_id, flag_id in flags:
                old_flags[item_id].append(flag_id)
        return cls(
            holder,
            held,
            revisions,
            old_flags,
            ReviewedClaims.read(session) if done else None,
            webhooks.active_endpoints(session),
        )

    def end_leases(self, session: Session, outcomes: list[Outcome]) -> set[str]:
        """End the lease of each item still held (compare-and-set), with its new state."""
        written = set()
        for outcome in outcomes:
            held = self.held.get(outcome.item_id)
            if held is not None and end_lease(
                session, outcome.item_id, self.holder, **_final_values(outcome, held)
            ):
                written.add(outcome.item_id)
            else:
                log.warning("item %s is no longer held by %s", outcome.item_id, self.holder)
        return written

    def write(self, session: Session, outcomes: list[Outcome], actor: Actor) -> None:
        done = [o for o in outcomes if o.results is not None]
        links = self._prior_reviews(session, done)  # corroborates claims: before they are stored
        analyses = _insert_analyses(session, done)
        flags = _insert_flags(session, done)
        revisions = self._insert_revisions(session, done)
        if done:
            ids = [o.item_id for o in done]
            session.execute(delete(FlagRow).where(FlagRow.id.in_(self._old_flag_ids(ids))))
            session.execute(delete(PriorReviewLink).where(PriorReviewLink.item_id.in_(ids)))
            session.add_all(links)
        bound_analyses = _analyses_bound(session, analyses)
        events = []
        for outcome in outcomes:
            item_id = outcome.item_id
            binds = (
                deleted(item_id, self.old_flags.get(item_id, []))
                | bound(*flags.get(item_id, []), *revisions.get(item_id, []))
                | bound_analyses.get(item_id, {})
            )
            events.append(self._event(outcome, actor, binds))
        append_audits(session, events)
        for outcome in done:
            self._emit(session, outcome)

    def _old_flag_ids(self, item_ids: list[str]) -> list[int]:
        return [flag_id for item_id in item_ids for flag_id in self.old_flags.get(item_id, [])]

    def _prior_reviews(self, session: Session, done: list[Outcome]) -> list[PriorReviewLink]:
        if self.reviewed is None:
            return []
        return [
            link
            for outcome in done
            if outcome.results is not None
            for link in prior_review_links(
                session, outcome.results.report, outcome.item_id, self.reviewed
            )
        ]

    def _insert_revisions(
        self, session: Session, done: list[Outcome]
    ) -> dict[str, list[SummaryRevision]]:
        revisions = {
            outcome.item_id: SummaryRevision(
                item_id=outcome.item_id,
                number=self.revisions.get(outcome.item_id, 0) + 1,
                text=outcome.results.summary.summary.text,
                author=f"deskcheck ({outcome.results.summary.provenance.method})",
                created_at=utcnow(),
            )
            for outcome in done
            if outcome.results is not None
        }
        _insert_returning_ids(session, SummaryRevision, list(revisions.values()))
        return {item_id: [revision] for item_id, revision in revisions.items()}

    def _event(self, outcome: Outcome, actor: Actor, binds: dict[str, Any]) -> AuditEvent:
        held = self.held[outcome.item_id]
        before = state_of(held.status, held.analysis_state, held.gate_override)
        if outcome.results is None:
            failure = outcome.failure
            assert failure is not None
            after = state_of(held.status, "failed", held.gate_override)
            detail = f"{failure.kind}: {failure.detail}"
            return state_change(outcome.item_id, before, after, "analysis.failed", actor, detail)
        after = state_of(held.status, "done", held.gate_override)
        results = outcome.results
        detail = f"{_flag_total(results.report)} flags, summary {results.summary.provenance.method}"
        return state_change(
            outcome.item_id, before, after, "analysis.completed", actor, detail, binds
        )

    def _emit(self, session: Session, outcome: Outcome) -> None:
        held, report = self.held[outcome.item_id], outcome.results
        assert report is not None
        flags = _flag_total(report.report)
        data = {
            "item_id": outcome.item_id,
            "status": held.status,
            "title": held.title,
            "outlet": held.outlet,
            "flags": flags,
            "undecided": flags + len(report.report.contradictions),
        }
        webhooks.emit(session, "item.analysed", data, self.endpoints)


def _final_values(outcome: Outcome, held: _Held) -> dict[str, Any]:
    """The item's columns once its analysis is written (its lease ends with them)."""
    attempts = held.attempts + 1
    if outcome.results is None:
        failure = outcome.failure
        assert failure is not None
        error = {"error": failure.kind, "detail": failure.detail}
        return {"analysis_state": "failed", "attempts": attempts, "error": error}
    report = outcome.results.report
    flag_count = _flag_total(report)
    return {
        "analysis_state": "done",
        "error": None,
        "attempts": attempts,
        "flag_count": flag_count,
        # Nothing of a new report is decided yet: every flag and contradiction remains.
        "undecided_count": flag_count + len(report.contradictions),
        "open_contradictions": len(report.contradictions),
    }


def _flag_total(report: VerifyResponse) -> int:
    return sum(len(claim.flags) for claim in report.claims)


def _insert_analyses(session: Session, done: list[Outcome]) -> list[Analysis]:
    analyses = [
        Analysis(
            item_id=outcome.item_id,
            kind=kind,
            result=result.model_dump(mode="json"),
            provenance=result.provenance.model_dump(mode="json"),
            created_at=utcnow(),
        )
        for outcome in done
        if outcome.results is not None
        for kind, result in (
            ("summarize", outcome.results.summary),
            ("verify", outcome.results.report),
        )
    ]
    _insert_returning_ids(session, Analysis, analyses)
    return analyses


def _insert_flags(session: Session, done: list[Outcome]) -> dict[str, list[FlagRow]]:
    """The items' flag rows (their ids set): the reports' flags, one row each."""
    rows: dict[str, list[FlagRow]] = {}
    for outcome in done:
        if outcome.results is not None:
            rows[outcome.item_id] = _flag_rows(outcome.item_id, outcome.results.report)
    _insert_returning_ids(session, FlagRow, [row for item in rows.values() for row in item])
    return rows


Inserted = TypeVar("Inserted", Analysis, FlagRow, SummaryRevision)


def _insert_returning_ids(session: Session, kind: type[Inserted], rows: list[Inserted]) -> None:
    """One INSERT for all `rows` (ORM objects used as plain values, never added to the
    session: a unit-of-work flush costs more than the statement), their new ids set on them."""
    if not rows:
        return
    columns = [c.key for c in kind.__table__.columns if c.key != "id"]
    values = [{key: getattr(row, key) for key in columns} for row in rows]
    statement = insert(kind).returning(kind.id, sort_by_parameter_order=True)
    for row, new_id in zip(rows, session.scalars(statement, values), strict=True):
        row.id = new_id


def _analyses_bound(session: Session, analyses: list[Analysis]) -> dict[str, dict[str, Any]]:
    """Each item's analyses as bound: read back as stored, as verify reads them."""
    per_item: dict[str, dict[str, Any]] = defaultdict(dict)
    if analyses:
        states = analyses_bound(session, analyses)
        for analysis in analyses:
            target = f"item:{analysis.item_id}/analysis:{analysis.id}"
            per_item[analysis.item_id][target] = states[target]
    return per_item


def _flag_rows(item_id: str, report: VerifyResponse) -> list[FlagRow]:
    return [
        FlagRow(
            item_id=item_id,
            claim_id=claim.id,
            type=flag.type,
            detector=flag.detector,
            start=flag.start,
            end=flag.end,
            text=flag.text,
            detail=flag.detail,
            version=0,
        )
        for claim in report.claims
        for flag in claim.flags
    ]
