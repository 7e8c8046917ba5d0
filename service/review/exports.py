"""Approved items handed over: one item's export, many as JSON lines or CSV, and the report an
editor prints.

The bulk forms walk the queue's order a page at a time, each page in its own short session, so
an export of the whole archive holds neither one long transaction nor every item in memory.
JSON lines carry exactly what `GET /review/items/{id}/export` gives, one item a line; CSV is one
row per claim, for a spreadsheet.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from schemas.review import AuditView, DecisionView, ExportView, FlagView, ItemView
from schemas.verify import Claim, Contradiction
from service.review import repository
from service.review.context import Actor
from service.review.cursor import QueueCursor
from service.review.errors import NotReady
from service.review.repository import QueueFilter, load_item
from service.review.views import audit_view, item_view
from service.store import Database
from service.store.audit import AuditEvent, append_audit

EXPORT_PAGE = 50
"""Items read per session while streaming a bulk export."""

CSV_COLUMNS = (
    "item_id",
    "title",
    "outlet",
    "url",
    "published_at",
    "approved_at",
    "approved_by",
    "claim_id",
    "claim",
    "status",
    "asserted_by",
    "flags",
    "decisions",
    "decided_by",
)

_AUDIT_LIMIT = 10_000


def export_of(session: Session, item_id: str, view: ItemView | None = None) -> ExportView:
    """An approved item (`view`, if the caller built it already) with its report, decisions,
    revisions and audit trail."""
    item = load_item(session, item_id)
    if item.status != "approved":
        raise NotReady(f"only approved items are exported; this one is {item.status}")
    entries, _ = repository.audit_of(session, f"item:{item_id}", _AUDIT_LIMIT, 0)
    view = view or item_view(session, item)
    return ExportView(item=view, audit=[audit_view(e) for e in entries])


def recorded_export(session: Session, item_id: str, actor: Actor) -> ExportView:
    """The approved item, bound to the chain by its own `item.exported` event: that event's
    `after_digest` (the export's last audit entry) is the SHA-256 of the canonical JSON of
    `item` as exported, so a copy can be checked against the trail."""
    item = load_item(session, item_id)
    if item.status != "approved":
        raise NotReady(f"only approved items are exported; this one is {item.status}")
    exported = item_view(session, item)
    append_audit(
        session,
        AuditEvent(
            actor.name,
            "item.exported",
            f"item:{item_id}",
            None,
            exported.model_dump(mode="json"),
            actor.request_id,
            f"exported as {ExportView.model_fields['format'].default}",
        ),
    )
    session.flush()
    return export_of(session, item_id, exported)


def approved_exports(db: Database, where: QueueFilter, actor: Actor) -> Iterator[ExportView]:
    """Every approved item the filter selects, newest first, one page of sessions at a time;
    each export recorded in the chain as the one-item export is."""
    approved = replace(where, status="approved")
    after: QueueCursor | None = None
    while True:
        with db.session() as session:
            rows = repository.queue_page(session, approved, EXPORT_PAGE, after=after)
            exports = [recorded_export(session, row.id, actor) for row in rows]
        yield from exports
        if len(rows) < EXPORT_PAGE:
            return
        after = QueueCursor(rows[-1].created_at, rows[-1].id)


def as_json_lines(exports: Iterable[ExportView]) -> Iterator[str]:
    for export in exports:
        yield export.model_dump_json() + "\n"


def as_csv(exports: Iterable[ExportView]) -> Iterator[str]:
    """A header, then one row per claim of each item (an item without claims: one row)."""
    yield _csv_line(CSV_COLUMNS)
    for export in exports:
        for row in claim_rows(export):
            yield _csv_line(row)


def claim_rows(export: ExportView) -> Iterator[tuple[str, ...]]:
    item = export.item
    approval = approval_of(export.audit)
    head = (
        item.id,
        item.article.title or "",
        item.article.outlet or "",
        item.article.url or "",
        item.article.published_at.isoformat() if item.article.published_at else "",
        approval.at.isoformat() if approval else "",
        approval.actor if approval else "",
    )
    claims = item.verify.claims if item.verify else []
    if not claims:
        yield (*head, *("",) * (len(CSV_COLUMNS) - len(head)))
    for claim in claims:
        flags = [f for f in item.flags if f.claim_id == claim.id]
        decided = [d for f in flags if (d := newest_decision(item, f)) is not None]
        yield (
            *head,
            claim.id,
            claim.text,
            claim.status,
            source_of(claim),
            "; ".join(f"{f.type}: {f.text}" for f in flags),
            "; ".join(f"{f.type}: {f.decision or 'undecided'}" for f in flags),
            "; ".join(sorted({d.decided_by for d in decided})),
        )


@dataclass(frozen=True)
class ClaimReport:
    """One claim as the printed report shows it: with its flags and who decided each."""

    claim: Claim
    flags: list[tuple[FlagView, DecisionView | None]]


@dataclass(frozen=True)
class ContradictionReport:
    contradiction: Contradiction
    claims: list[str]
    decision: str
    decided_by: str


@dataclass(frozen=True)
class PrintedReport:
    """What the printable verification report of one item shows."""

    item: ItemView
    claims: list[ClaimReport]
    contradictions: list[ContradictionReport]
    approval: AuditView | None
    audit_events: int
    audit_head: AuditView | None


def printed_report(export: ExportView) -> PrintedReport:
    item = export.item
    claims = item.verify.claims if item.verify else []
    texts = {claim.id: claim.text for claim in claims}
    reports = [
        ClaimReport(
            claim,
            [(f, newest_decision(item, f)) for f in item.flags if f.claim_id == claim.id],
        )
        for claim in claims
    ]
    decided = {d.contradiction_id: d for d in item.contradiction_decisions}
    contradictions = [
        ContradictionReport(
            c,
            [texts.get(claim_id, claim_id) for claim_id in c.claims],
            decided[c.id].decision if c.id in decided else "undecided",
            decided[c.id].decided_by if c.id in decided else "",
        )
        for c in (item.verify.contradictions if item.verify else [])
    ]
    return PrintedReport(
        item,
        reports,
        contradictions,
        approval_of(export.audit),
        len(export.audit),
        export.audit[-1] if export.audit else None,
    )


def approval_of(audit: list[AuditView]) -> AuditView | None:
    """The newest approval in an item's trail (an item may be approved once only, but an
    older store could hold a returned-then-approved history)."""
    return next((e for e in reversed(audit) if e.action == "item.approved"), None)


def newest_decision(item: ItemView, flag: FlagView) -> DecisionView | None:
    return next((d for d in reversed(item.decisions) if d.flag_id == flag.id), None)


def source_of(claim: Claim) -> str:
    """Who asserts the claim, in words: the name (and role), or the kind of source."""
    who = claim.asserted_by
    if who.name:
        return f"{who.name} ({who.role})" if who.role else who.name
    return who.kind.replace("_", " ")


def _csv_line(values: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_inert(value) for value in values])
    return buffer.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe: article text and
    titles come from outside, and `=HYPERLINK(...)` in a title must stay text (OWASP's advice
    on CSV injection)."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
