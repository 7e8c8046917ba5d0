"""Running summarize + verify for a claimed item, and storing what comes back (or why not).

Called by the analysis job (review/job.py) while it holds the item's lease: progress and results
are written only while it does, so an item is analysed once however often its job is delivered.
"""

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Table, bindparam, delete, func, insert, select, update
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
from service.review.bindings import analyses_bound, deleted, values_bound
from service.review.context import Actor
from service.review.feedback import ReviewedClaims, prior_review_links
from service.review.integrity import state_of
from service.review.learning import overlay_of
from service.review.lease import Lease, LeaseLost, claim_all, end_leases, new_holder
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


@dataclass(frozen=True)
class ClaimedGroup:
    """What one claim took: the items, and the settings their analyses run with (the learnt
    overlay included, read in the claim's transaction)."""

    items: list[Claimed]
    settings: Settings


def claim_group(
    db: Database, item_ids: list[str], settings: Settings, seconds: float
) -> ClaimedGroup:
    """Claim every queued one of `item_ids` (one holder for all) and read their articles and
    the learnt overlay, in one transaction: the job then reads nothing more until it writes."""
    holder = new_holder()
    with db.session() as session:
        claim_all(session, item_ids, holder, seconds)
        overlay = overlay_of(session)
        rows = session.execute(_CLAIMED, {"ids": item_ids, "holder": holder}).all()
    order = {item_id: n for n, item_id in enumerate(item_ids)}
    items = [
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
    return ClaimedGroup(items, _with_overlay(settings, overlay) if items else settings)


def _with_overlay(settings: Settings, overlay: str) -> Settings:
    """The settings with the newsroom's learnt overlay, as data for the evidence layer
    (service/review/learning.py): read once per job, however many items it holds."""
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

    Per group, not per item: one read of what the writes need, one statement per table, one
    move of the audit head, one audit anchor. Every item still gets its own
    `analysis.completed` (or `analysis.failed`) event, binding the rows it wrote. Reads and the
    rows' building (matching earlier reviews, serialising the reports) come before the first
    write, which takes SQLite's write lock: other workers wait for it only while this one
    writes.
    """
    with db.session() as session:
        group = GroupWrite.read(session, holder, outcomes)
        rows = group.prepare(session, outcomes)
        written = group.end_leases(session, outcomes)
        group.write(session, [o for o in outcomes if o.item_id in written], rows, actor)
    return written


@dataclass(frozen=True)
class _Rows:
    """One analysed item's rows as values, built before the write (ids set by the INSERTs)."""

    links: list[PriorReviewLink]
    analyses: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    revision: dict[str, Any]


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
        rows = session.execute(_HELD, {"ids": ids, "holder": holder})
        held = {row.id: _Held(*row[1:]) for row in rows}
        revisions: dict[str, int] = {}
        old_flags: dict[str, list[int]] = defaultdict(list)
        if done:
            revisions = dict(session.execute(_REVISIONS, {"ids": done}).all())
            for item_id, flag_id in session.execute(_OLD_FLAGS, {"ids": done}):
                old_flags[item_id].append(flag_id)
        return cls(
            holder,
            held,
            revisions,
            old_flags,
            ReviewedClaims.read(session) if done else None,
            webhooks.active_endpoints(session),
        )

    def prepare(self, session: Session, outcomes: list[Outcome]) -> dict[str, "_Rows"]:
        """The rows of each analysed item still held, built before anything is written.

        Matching earlier reviews may corroborate claims: it comes before the reports are
        serialised."""
        rows = {}
        for outcome in outcomes:
            if outcome.results is not None and outcome.item_id in self.held:
                links = self._prior_reviews(session, outcome.item_id, outcome.results)
                rows[outcome.item_id] = _Rows(
                    links,
                    _analysis_values(outcome.item_id, outcome.results),
                    _flag_values(outcome.item_id, outcome.results.report),
                    self._revision_values(outcome.item_id, outcome.results),
                )
        return rows

    def end_leases(self, session: Session, outcomes: list[Outcome]) -> set[str]:
        """End the leases still held (one compare-and-set for the group), then set each
        written item's new state (one statement per kind of outcome, a row of values each)."""
        held = [o.item_id for o in outcomes if o.item_id in self.held]
        written = end_leases(session, held, self.holder) if held else set()
        for outcome in outcomes:
            if outcome.item_id not in written:
                log.warning("item %s is no longer held by %s", outcome.item_id, self.holder)
        ended = [o for o in outcomes if o.item_id in written]
        for statement, kind in ((_DONE, True), (_FAILED, False)):
            values = [
                _final_values(o, self.held[o.item_id])
                for o in ended
                if (o.results is not None) == kind
            ]
            if values:
                session.execute(statement, values)
        return written

    def write(
        self, session: Session, outcomes: list[Outcome], rows: dict[str, _Rows], actor: Actor
    ) -> None:
        done = [o for o in outcomes if o.results is not None]
        written = [rows[o.item_id] for o in done]
        analyses = [values for item in written for values in item.analyses]
        _insert_returning_ids(session, Analysis, analyses)
        _insert_returning_ids(
            session, FlagRow, [values for item in written for values in item.flags]
        )
        _insert_returning_ids(session, SummaryRevision, [item.revision for item in written])
        if done:
            ids = [o.item_id for o in done]
            session.execute(_DELETE_FLAGS, {"ids": self._old_flag_ids(ids)})
            session.execute(_DELETE_LINKS, {"ids": ids})
            session.add_all(link for item in written for link in item.links)
        bound_analyses = _analyses_bound(session, analyses)
        events = []
        for outcome in outcomes:
            item_id = outcome.item_id
            binds: dict[str, Any] = deleted(item_id, self.old_flags.get(item_id, []))
            if item_id in rows and outcome.results is not None:
                item = rows[item_id]
                binds |= values_bound(item.flags, [item.revision])
                binds |= bound_analyses.get(item_id, {})
            events.append(self._event(outcome, actor, binds))
        append_audits(session, events)
        for outcome in done:
            self._emit(session, outcome)

    def _old_flag_ids(self, item_ids: list[str]) -> list[int]:
        return [flag_id for item_id in item_ids for flag_id in self.old_flags.get(item_id, [])]

    def _prior_reviews(
        self, session: Session, item_id: str, results: Results
    ) -> list[PriorReviewLink]:
        if self.reviewed is None:
            return []
        return prior_review_links(session, results.report, item_id, self.reviewed)

    def _revision_values(self, item_id: str, results: Results) -> dict[str, Any]:
        return {
            "item_id": item_id,
            "number": self.revisions.get(item_id, 0) + 1,
            "text": results.summary.summary.text,
            "author": f"deskcheck ({results.summary.provenance.method})",
            "created_at": utcnow(),
        }

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


def _table(kind: type[Any]) -> Table:
    table: Table = kind.__table__
    return table


# The group job's statements, built once, on the tables (plain Core: the ORM's compile step,
# paid on every run of an ORM statement, bought nothing here: plain values in, plain rows out).
# The SQL and the values are those of the ORM statements they replace.
_ITEMS = _table(ReviewItem)
_ARTICLES = _table(Article)
_FLAGS = _table(FlagRow)
_REVISIONS_T = _table(SummaryRevision)
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_CLAIMED = (
    select(
        _ITEMS.c.id,
        _ITEMS.c.mode,
        _ITEMS.c.max_points,
        _ARTICLES.c.text,
        _ARTICLES.c.title,
        _ARTICLES.c.url,
        _ARTICLES.c.outlet,
        _ARTICLES.c.published_at,
        _ARTICLES.c.language,
    )
    .join(_ARTICLES, _ARTICLES.c.id == _ITEMS.c.article_id)
    .where(_ITEMS.c.id.in_(_IDS), _ITEMS.c.claimed_by == bindparam("holder"))
)
_HELD = (
    select(
        _ITEMS.c.id,
        _ITEMS.c.status,
        _ITEMS.c.analysis_state,
        _ITEMS.c.gate_override,
        _ITEMS.c.attempts,
        _ARTICLES.c.title,
        _ARTICLES.c.outlet,
    )
    .join(_ARTICLES, _ARTICLES.c.id == _ITEMS.c.article_id)
    .where(
        _ITEMS.c.id.in_(_IDS),
        _ITEMS.c.claimed_by == bindparam("holder"),
        _ITEMS.c.analysis_state.in_(IN_ANALYSIS),
    )
)
_REVISIONS = (
    select(_REVISIONS_T.c.item_id, func.max(_REVISIONS_T.c.number))
    .where(_REVISIONS_T.c.item_id.in_(_IDS))
    .group_by(_REVISIONS_T.c.item_id)
)
_OLD_FLAGS = select(_FLAGS.c.item_id, _FLAGS.c.id).where(_FLAGS.c.item_id.in_(_IDS))
_DELETE_FLAGS = delete(_FLAGS).where(_FLAGS.c.id.in_(_IDS))
_LINKS = _table(PriorReviewLink)
_DELETE_LINKS = delete(_LINKS).where(_LINKS.c.item_id.in_(_IDS))
_INSERTS = {
    kind: insert(table).returning(table.c.id, sort_by_parameter_order=True)
    for kind in (Analysis, FlagRow, SummaryRevision)
    for table in (_table(kind),)
}
_DONE = (
    update(_ITEMS)
    .where(_ITEMS.c.id == bindparam("item"))
    .values(
        analysis_state="done",
        error=None,
        attempts=bindparam("new_attempts"),
        flag_count=bindparam("new_flags"),
        undecided_count=bindparam("new_undecided"),
        open_contradictions=bindparam("new_contradictions"),
    )
)
"""An analysed item's columns once its analysis is written (its lease ended in the same
transaction); one row of values per item, one statement for the group."""
_FAILED = (
    update(_ITEMS)
    .where(_ITEMS.c.id == bindparam("item"))
    .values(
        analysis_state="failed",
        attempts=bindparam("new_attempts"),
        error=bindparam("new_error", type_=_ITEMS.c.error.type),
    )
)


def _final_values(outcome: Outcome, held: _Held) -> dict[str, Any]:
    """The values of `_DONE` or `_FAILED` for one item."""
    attempts = held.attempts + 1
    if outcome.results is None:
        failure = outcome.failure
        assert failure is not None
        error = {"error": failure.kind, "detail": failure.detail}
        return {"item": outcome.item_id, "new_attempts": attempts, "new_error": error}
    report = outcome.results.report
    flag_count = _flag_total(report)
    return {
        "item": outcome.item_id,
        "new_attempts": attempts,
        "new_flags": flag_count,
        # Nothing of a new report is decided yet: every flag and contradiction remains.
        "new_undecided": flag_count + len(report.contradictions),
        "new_contradictions": len(report.contradictions),
    }


def _flag_total(report: VerifyResponse) -> int:
    return sum(len(claim.flags) for claim in report.claims)


def _analysis_values(item_id: str, results: Results) -> list[dict[str, Any]]:
    return [
        {
            "item_id": item_id,
            "kind": kind,
            "result": result.model_dump(mode="json"),
            "provenance": result.provenance.model_dump(mode="json"),
            "created_at": utcnow(),
        }
        for kind, result in (("summarize", results.summary), ("verify", results.report))
    ]


def _flag_values(item_id: str, report: VerifyResponse) -> list[dict[str, Any]]:
    """The report's flags, one row each."""
    return [
        {
            "item_id": item_id,
            "claim_id": claim.id,
            "type": flag.type,
            "detector": flag.detector,
            "start": flag.start,
            "end": flag.end,
            "text": flag.text,
            "detail": flag.detail,
            "version": 0,
        }
        for claim in report.claims
        for flag in claim.flags
    ]


def _insert_returning_ids(
    session: Session, kind: type[Analysis | FlagRow | SummaryRevision], rows: list[dict[str, Any]]
) -> None:
    """One INSERT for all `rows` (plain values: building ORM objects and flushing them cost
    more than the statement), each row's new id set in it."""
    if not rows:
        return
    new_ids = session.execute(_INSERTS[kind], rows).scalars()
    for row, new_id in zip(rows, new_ids, strict=True):
        row["id"] = new_id


def _analyses_bound(session: Session, analyses: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each item's analyses as bound: read back as stored, as verify reads them."""
    per_item: dict[str, dict[str, Any]] = defaultdict(dict)
    if analyses:
        states = analyses_bound(session, [analysis["id"] for analysis in analyses])
        for analysis in analyses:
            target = f"item:{analysis['item_id']}/analysis:{analysis['id']}"
            per_item[analysis["item_id"]][target] = states[target]
    return per_item
