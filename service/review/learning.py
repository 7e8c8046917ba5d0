"""A desk that learns, per newsroom: editors' decisions, tallied per detector, term and context,
become proposals an admin applies (and reverts) as the newsroom's overlay.

The tallies are read from the decisions the audit chain binds: each machine flag's newest
decision (accept, reject, duplicate), and the flags editors added by hand (detector `editor`),
per flag type and term (the flag's words, `normalized_term`) and per context: each outlet, and
every outlet together (`outlet` null; items that name no outlet count only there). A flag of a
replaced analysis is gone with its decisions' flag row, so it no longer counts.

Three proposals, each with the figures it rests on, when the thresholds in the settings
(`LEARN_*`, docs/configuration.md) are met:

- suppress a detector's term in a context: rejected at least `learn_suppress_min_rejected`
  times there, with precision at most `learn_suppress_max_precision`;
- adopt words editors flagged by hand as a cue of that flag type: flagged in at least
  `learn_cue_min_flags` articles, and in at least `learn_cue_min_share` of the decided articles
  of the context that contain them (words flagged once in ten uses are no cue);
- raise a term's confidence to `learn_confidence_to`: accepted at least
  `learn_confidence_min_accepted` times, never rejected.

An applied proposal is an `overlay_rules` row, bound by its `overlay.applied` event; a revert
marks it and is bound by `overlay.reverted` (service/review/bindings.py). The active rules,
as canonical JSON, are what the analysis job hands the evidence layer (`active_overlay`): data,
never code, and never sent anywhere but the store's own analyses.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from schemas.learning import (
    LearningView,
    OverlayRuleView,
    Proposal,
    RuleKey,
    TallyView,
    TermTally,
)
from schemas.verify import FlagType
from service.config import Settings
from service.errors import DeskcheckError
from service.evidence.flag_types import RETIRED_FLAG_TYPES, SPECS
from service.evidence.overlay import (
    ATTRIBUTION_CUE,
    LEARNT_DETECTOR,
    Rule,
    cue_forms,
    cue_lemma,
    normalized_term,
    overlay_json,
    teaches_attribution,
)
from service.review.bindings import overlay_state, overlay_target
from service.review.context import Actor
from service.review.integrity import EDITOR_DETECTOR
from service.store import Database
from service.store.audit import AuditEvent, append_audit
from service.store.models import (
    Article,
    AuditHead,
    FlagDecision,
    FlagRow,
    OverlayRule,
    ReviewItem,
    utcnow,
)

APPLIED = "overlay.applied"
REVERTED = "overlay.reverted"
_MAX_PROPOSALS = 200

Work = Callable[[Actor], OverlayRuleView]
"""An apply or a revert, given who does it (the desk page runs either the same way)."""
TallyKey = tuple[str, FlagType, str, str | None]
"""(detector, flag type, term, outlet or None for every outlet)."""


class NotProposed(DeskcheckError):
    status = HTTPStatus.CONFLICT
    kind = "not_proposed"


class RuleNotFound(DeskcheckError):
    status = HTTPStatus.NOT_FOUND
    kind = "not_found"


class AlreadyReverted(DeskcheckError):
    status = HTTPStatus.CONFLICT
    kind = "already_reverted"


@dataclass(slots=True)
class _Counts:
    accept: int = 0
    reject: int = 0
    duplicate: int = 0
    added: int = 0
    items: set[str] = field(default_factory=set)
    """The items editors flagged these words in by hand (cues are counted by article)."""

    def count(self, flag: "_Flag") -> None:
        if flag.detector == EDITOR_DETECTOR:
            if flag.decision not in ("reject", "duplicate"):  # one standing for a miss
                self.added += 1
                self.items.add(flag.item_id)
        elif flag.decision == "accept":
            self.accept += 1
        elif flag.decision == "reject":
            self.reject += 1
        elif flag.decision == "duplicate":
            self.duplicate += 1

    @property
    def any(self) -> bool:
        return bool(self.accept + self.reject + self.duplicate + self.added)

    @property
    def precision(self) -> float | None:
        decided = self.accept + self.reject
        return round(self.accept / decided, 3) if decided else None


@dataclass(frozen=True, slots=True)
class _Flag:
    item_id: str
    outlet: str | None
    detector: str
    flag_type: FlagType
    term: str
    decision: str | None


# ---- tallies ----


def term_tallies(db: Database) -> TallyView:
    with db.session() as session:
        tallies = _tallies(_decided_flags(session))
    return TallyView(
        tallies=[_tally_view(key, counts) for key, counts in sorted(tallies.items(), key=_order)]
    )


def _order(pair: tuple[TallyKey, _Counts]) -> tuple[str, str, str, str, str]:
    (detector, flag_type, term, outlet), _ = pair
    return (outlet or "", detector, flag_type, term, "")


def _decided_flags(session: Session) -> list[_Flag]:
    """Every flag of a live type with its newest decision (None: undecided) and its outlet."""
    newest: dict[int, str] = {
        flag_id: decision
        for flag_id, decision in session.execute(
            select(FlagDecision.flag_id, FlagDecision.decision).order_by(FlagDecision.id)
        )
    }
    rows = session.execute(
        select(
            FlagRow.id,
            FlagRow.item_id,
            FlagRow.detector,
            FlagRow.type,
            FlagRow.text,
            Article.outlet,
        )
        .join(ReviewItem, ReviewItem.id == FlagRow.item_id)
        .join(Article, Article.id == ReviewItem.article_id)
        .where(FlagRow.type.not_in(RETIRED_FLAG_TYPES))
    )
    return [
        _Flag(
            item_id,
            outlet or None,
            detector,
            flag_type,
            _term(flag_type, text),
            newest.get(flag_id),
        )
        for flag_id, item_id, detector, flag_type, text, outlet in rows
    ]


def _term(flag_type: FlagType, text: str) -> str:
    """What a flag is tallied under: its words; a marked reporting cue, their lemma (the
    editors' "insisted" and "insists" are one cue)."""
    return cue_lemma(text) if flag_type == ATTRIBUTION_CUE else normalized_term(text)


def _tallies(flags: Iterable[_Flag]) -> dict[TallyKey, _Counts]:
    tallies: dict[TallyKey, _Counts] = defaultdict(_Counts)
    for flag in flags:
        contexts = (None,) if flag.outlet is None else (flag.outlet, None)
        for outlet in contexts:
            tallies[(flag.detector, flag.flag_type, flag.term, outlet)].count(flag)
    return {key: counts for key, counts in tallies.items() if counts.any}


def _tally_view(key: TallyKey, counts: _Counts) -> TermTally:
    detector, flag_type, term, outlet = key
    return TermTally(
        detector=detector,
        flag_type=flag_type,
        term=term,
        outlet=outlet,
        accepted=counts.accept,
        rejected=counts.reject,
        duplicates=counts.duplicate,
        added=counts.added,
        precision=counts.precision,
    )


# ---- proposals ----


def proposals(session: Session, settings: Settings) -> list[Proposal]:
    """What the tallies propose now, but for what the overlay already holds."""
    tallies = _tallies(_decided_flags(session))
    active = {_key_of(rule) for rule in _active_rules(session)}
    found = [
        *_suppressions(tallies, settings),
        *_confidences(tallies, settings),
        *_cues(session, tallies, settings),
    ]
    fresh = [proposal for proposal in found if _key_of(proposal) not in active]
    return fresh[:_MAX_PROPOSALS]


def _suppressions(tallies: dict[TallyKey, _Counts], settings: Settings) -> Iterator[Proposal]:
    for (detector, flag_type, term, outlet), counts in sorted(tallies.items(), key=_order):
        precision = counts.precision
        if (
            detector == EDITOR_DETECTOR
            or counts.reject < settings.learn_suppress_min_rejected
            or precision is None
            or precision > settings.learn_suppress_max_precision
        ):
            continue
        yield _proposal(
            "suppress",
            (detector, flag_type, term, outlet),
            None,
            f"rejected {counts.reject} of {counts.accept + counts.reject} decided "
            f"(precision {precision:.0%}) {_where(outlet)}",
        )


def _confidences(tallies: dict[TallyKey, _Counts], settings: Settings) -> Iterator[Proposal]:
    for (detector, flag_type, term, outlet), counts in sorted(tallies.items(), key=_order):
        if (
            detector == EDITOR_DETECTOR
            or counts.reject
            or counts.accept < settings.learn_confidence_min_accepted
        ):
            continue
        yield _proposal(
            "confidence",
            (detector, flag_type, term, outlet),
            settings.learn_confidence_to,
            f"accepted all {counts.accept} decided {_where(outlet)}",
        )


def _cues(
    session: Session, tallies: dict[TallyKey, _Counts], settings: Settings
) -> Iterator[Proposal]:
    """Words editors flagged by hand in enough articles, and in enough of those holding them."""
    machine = {
        (flag_type, term)
        for (detector, flag_type, term, _) in tallies
        if detector != EDITOR_DETECTOR
    }
    candidates = {
        key: counts
        for key, counts in tallies.items()
        if key[0] == EDITOR_DETECTOR
        and len(counts.items) >= settings.learn_cue_min_flags
        and (key[1], key[2]) not in machine
    }
    if not candidates:
        return
    texts = _decided_texts(session)
    for (_, flag_type, term, outlet), counts in sorted(candidates.items(), key=_order):
        if flag_type == ATTRIBUTION_CUE:
            yield from _reporting_cue(texts, term, outlet, len(counts.items), settings)
            continue
        holding = _articles_holding(texts, term, outlet)
        flagged = len(counts.items)
        share = flagged / holding if holding else 0.0
        if share < settings.learn_cue_min_share:
            continue
        yield _proposal(
            "cue",
            (LEARNT_DETECTOR, flag_type, term, outlet),
            None,
            f"flagged by hand in {flagged} of the {holding} decided articles holding it "
            f"{_where(outlet)}",
        )


def _reporting_cue(
    texts: list[tuple[str | None, str]],
    lemma: str,
    outlet: str | None,
    flagged: int,
    settings: Settings,
) -> Iterator[Proposal]:
    """A reporting cue for attribution, when it would teach attribution a frame it lacks and
    editors marked it in at least `learn_reporting_cue_min_share` of the decided articles that
    use any of its forms. That share is lower than a flag cue's: editors mark a cue only where
    the desk missed who says a claim, not at every use, and the frame's own checks (a subject
    that can hold a view, a complement) keep it from firing on every use of the word; "give"
    or "include", marked now and then, stand in far more articles than they attribute in."""
    if not teaches_attribution(lemma):
        return
    forms = "|".join(re.escape(form) for form in sorted(cue_forms(lemma)))
    holding = _articles_holding(texts, forms, outlet, regex=True)
    share = flagged / holding if holding else 0.0
    if share < settings.learn_reporting_cue_min_share:
        return
    yield _proposal(
        "cue",
        (LEARNT_DETECTOR, ATTRIBUTION_CUE, lemma, outlet),
        None,
        f"marked by hand as the reporting cue of a claim the desk missed or mis-attributed in "
        f"{flagged} of the {holding} decided articles using it {_where(outlet)}: a reporting "
        "cue for attribution",
    )


def _decided_texts(session: Session) -> list[tuple[str | None, str]]:
    """(outlet, text) of every article with at least one decision on its flags."""
    decided = select(FlagDecision.item_id).distinct()
    rows = session.execute(
        select(Article.outlet, Article.text)
        .join(ReviewItem, ReviewItem.article_id == Article.id)
        .where(ReviewItem.id.in_(decided))
    )
    return [(outlet or None, text) for outlet, text in rows]


def _articles_holding(
    texts: list[tuple[str | None, str]], term: str, outlet: str | None, regex: bool = False
) -> int:
    """Articles (of the outlet, or all) holding the words as whole words; `regex`: the term is
    already an alternation of escaped forms."""
    words = term if regex else r"\s+".join(re.escape(word) for word in term.split(" "))
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    return sum(
        1 for where, text in texts if (outlet is None or where == outlet) and pattern.search(text)
    )


def _proposal(action: str, key: TallyKey, confidence: float | None, evidence: str) -> Proposal:
    detector, flag_type, term, outlet = key
    return Proposal.model_validate(
        {
            "action": action,
            "flag_type": flag_type,
            "detector": detector,
            "term": term,
            "outlet": outlet,
            "confidence": confidence,
            "evidence": evidence,
            "family": SPECS[flag_type].family,
        }
    )


def _where(outlet: str | None) -> str:
    return "across every outlet" if outlet is None else f"in {outlet}"


def _key_of(rule: RuleKey | OverlayRule) -> tuple[str, str, str, str, str | None]:
    return (rule.action, rule.flag_type, rule.detector, rule.term, rule.outlet)


# ---- the overlay ----


def _active_rules(session: Session) -> list[OverlayRule]:
    return list(
        session.scalars(
            select(OverlayRule).where(OverlayRule.reverted_at.is_(None)).order_by(OverlayRule.id)
        )
    )


def active_overlay(db: Database) -> str:
    """The applied rules as the evidence layer takes them (`Settings.learnt_overlay`); empty
    when none is applied, so that analyses are byte for byte what the shipped layer gives."""
    with db.session() as session:
        return overlay_of(session)


def overlay_of(session: Session) -> str:
    """`active_overlay`, read in the caller's transaction (an analysis job's claim)."""
    return overlay_json(_as_rule(row) for row in _active_rules(session))


def _as_rule(row: OverlayRule) -> Rule:
    return Rule(
        action=row.action,  # type: ignore[arg-type]  # checked by RuleKey when applied
        flag_type=row.flag_type,
        term=row.term,
        detector=row.detector,
        outlet=row.outlet,
        confidence=row.confidence,
    )


def learning_view(db: Database, settings: Settings) -> LearningView:
    with db.session() as session:
        rows = list(session.scalars(select(OverlayRule).order_by(OverlayRule.id.desc())))
        proposed = proposals(session, settings)
    return LearningView(
        overlay_version=_version(rows),
        active_rules=sum(row.reverted_at is None for row in rows),
        rules=[rule_view(row) for row in rows],
        proposals=proposed,
    )


def _version(rows: list[OverlayRule]) -> int:
    """Every apply and every revert is one version of the overlay."""
    return len(rows) + sum(row.reverted_at is not None for row in rows)


def rule_view(row: OverlayRule) -> OverlayRuleView:
    return OverlayRuleView.model_validate(
        {
            "id": row.id,
            "action": row.action,
            "flag_type": row.flag_type,
            "detector": row.detector,
            "term": row.term,
            "outlet": row.outlet,
            "confidence": row.confidence,
            "evidence": row.evidence,
            "applied_by": row.applied_by,
            "applied_at": row.applied_at,
            "reverted_by": row.reverted_by,
            "reverted_at": row.reverted_at,
            "active": row.reverted_at is None,
        }
    )


def apply(db: Database, settings: Settings, key: RuleKey, actor: Actor) -> OverlayRuleView:
    """Apply a proposal as it stands now (refused when it is no longer proposed), in the
    audit chain."""
    with db.session() as session:
        _one_change_at_a_time(session)
        proposal = next(
            (p for p in proposals(session, settings) if _key_of(p) == _key_of(key)), None
        )
        if proposal is None:
            raise NotProposed(
                "the desk does not propose this change now (applied already, or the decisions "
                "no longer support it): GET /review/learning for the current proposals",
                for_editors="this proposal is no longer open: the page shows the current ones",
            )
        row = OverlayRule(
            action=proposal.action,
            flag_type=proposal.flag_type,
            detector=proposal.detector,
            term=proposal.term,
            outlet=proposal.outlet,
            confidence=proposal.confidence,
            evidence=proposal.evidence,
            applied_by=actor.name,
            applied_at=utcnow(),
        )
        session.add(row)
        session.flush()
        _chain(session, row, APPLIED, None, actor, f"{_words(row)}: {row.evidence}")
        return rule_view(row)


def revert(db: Database, rule_id: int, actor: Actor) -> OverlayRuleView:
    with db.session() as session:
        _one_change_at_a_time(session)
        row = session.get(OverlayRule, rule_id)
        if row is None:
            raise RuleNotFound(
                f"no overlay rule {rule_id}: GET /review/learning lists them",
                for_editors=f"there is no change {rule_id} to revert: the page lists them",
            )
        if row.reverted_at is not None:
            raise AlreadyReverted(
                f"overlay rule {rule_id} was reverted by {row.reverted_by} already",
                for_editors="this change was reverted already",
            )
        before = overlay_state(row)
        row.reverted_by, row.reverted_at = actor.name, utcnow()
        session.flush()
        _chain(session, row, REVERTED, before, actor, f"reverted: {_words(row)}")
        return rule_view(row)


def _one_change_at_a_time(session: Session) -> None:
    """Take the audit chain's head before reading: an apply or revert appends to the chain
    anyway, and holding the head from the start makes a second admin applying (or reverting)
    the same thing at once wait, then find it done and be refused, instead of doing it twice."""
    session.execute(update(AuditHead).values(seq=AuditHead.seq))


def _chain(
    session: Session,
    row: OverlayRule,
    action: str,
    before: dict[str, object] | None,
    actor: Actor,
    detail: str,
) -> None:
    state = overlay_state(row)
    target = overlay_target(row.id)
    append_audit(
        session,
        AuditEvent(
            actor.name,
            action,
            target,
            before,
            state,
            actor.request_id,
            detail[:500],
            {target: state},
        ),
    )


def _words(row: OverlayRule) -> str:
    where = "everywhere" if row.outlet is None else f"in {row.outlet}"
    if row.action == "suppress":
        return f"{row.detector} no longer flags “{row.term}” as {row.flag_type} {where}"
    if row.action == "cue":
        return f"“{row.term}” raises a {row.flag_type} flag {where} (a learnt cue)"
    return (
        f"{row.detector}'s {row.flag_type} flags on “{row.term}” are {row.confidence} sure {where}"
    )
