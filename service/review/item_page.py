"""What the desk's item page shows beyond the stored item: flags grouped by the claim they
question, each claim's status and who asserts it (one wording everywhere), the colour key, and
the discussion (comments beside decisions, in time order)."""

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape

from schemas.review import FlagView, ItemView, RevisionView
from schemas.verify import AssertedBy, Claim, ClaimStatus, Contradiction
from service.evidence.flag_types import FAMILIES, SPECS, Family, FamilyStyle, FlagSpec
from service.review.gate import remaining_words

STATUS_WORDS: dict[ClaimStatus, str] = {
    "attributed": "stated on the record, by a named source",
    "unverified": "not verified: the source is unnamed or unsure, or no source is given",
    "contradicted": "contradicted by another statement or by the reference facts",
    "corroborated": "matches the reference facts or a claim an editor confirmed before",
    "opinion": "an opinion or a judgement, not a checkable fact",
}
"""A claim's status as the desk explains it (the status itself is the report's word)."""


@dataclass(frozen=True)
class ClaimGroup:
    """One claim of the report and the flags raised on it, in article order."""

    claim_id: str
    claim: Claim | None
    flags: list[FlagView]
    contradictions: list[Contradiction] = field(default_factory=list)

    @property
    def who(self) -> str:
        return who_asserts(self.claim)

    @property
    def status(self) -> str:
        return self.claim.status if self.claim else "unknown"

    def others(self, contradiction: Contradiction) -> list[str]:
        """The claims this one is set against."""
        return [c for c in contradiction.claims if c != self.claim_id]


@dataclass(frozen=True)
class KeyEntry:
    """A row of the colour key: a family, how it looks, and the flag types it holds."""

    family: Family
    style: FamilyStyle
    types: list[FlagSpec]


def claim_groups(item: ItemView) -> list[ClaimGroup]:
    claims = {c.id: c for c in item.verify.claims} if item.verify else {}
    contradictions = item.verify.contradictions if item.verify else []
    by_claim: dict[str, list[FlagView]] = {}
    for flag in sorted(item.flags, key=lambda f: (f.start, f.end, f.id)):
        by_claim.setdefault(flag.claim_id, []).append(flag)
    noted = [n.claim_id for n in item.prior_reviews] + [d.claim_id for d in item.claim_decisions]
    for claim_id in noted:
        by_claim.setdefault(claim_id, [])  # its notes show even where nothing is flagged
    groups = [
        ClaimGroup(
            claim_id,
            claims.get(claim_id),
            flags,
            [x for x in contradictions if claim_id in x.claims],
        )
        for claim_id, flags in by_claim.items()
    ]
    return sorted(groups, key=_article_order)


def unflagged_claims(item: ItemView, groups: list[ClaimGroup]) -> list[ClaimGroup]:
    """The report's claims with no flag and no note: nothing asks an editor to look at them,
    but one may still confirm a figure or a quote, so the page lists them, folded."""
    shown = {group.claim_id for group in groups}
    claims = item.verify.claims if item.verify else []
    return [ClaimGroup(c.id, c, []) for c in claims if c.id not in shown]


def _article_order(group: ClaimGroup) -> tuple[int, int]:
    start = group.claim.start if group.claim else group.flags[0].start
    return start, group.flags[0].start if group.flags else start


@dataclass(frozen=True)
class GateList:
    """What remains before the item may be approved, as the page lists it with links."""

    flags: list[FlagView]
    contradictions: list[Contradiction]

    @property
    def count(self) -> int:
        return len(self.flags) + len(self.contradictions)

    @property
    def sentence(self) -> str:
        return remaining_words(len(self.flags), len(self.contradictions))


def gate_list(item: ItemView) -> GateList:
    if item.gate is None or item.verify is None:
        return GateList([], [])
    flags = [f for f in item.flags if f.id in set(item.gate.undecided_flags)]
    still_open = set(item.gate.open_contradictions)
    return GateList(
        sorted(flags, key=lambda f: (f.start, f.id)),
        [x for x in item.verify.contradictions if x.id in still_open],
    )


def colour_key() -> list[KeyEntry]:
    return [
        KeyEntry(family, style, [s for s in SPECS.values() if s.family == family])
        for family, style in FAMILIES.items()
    ]


def family_of(flag: FlagView) -> Family:
    return SPECS[flag.type].family


def who_asserts(claim: Claim | None) -> str:
    """Who puts a claim forward, in the one wording the desk uses for it everywhere."""
    if claim is None:
        return "not known (the report has no such claim)"
    return describe_source(claim.asserted_by)


def describe_source(who: AssertedBy) -> str:
    named = ", ".join(p for p in (who.name, who.role, who.affiliation) if p)
    label = {
        # Both are the article speaking for itself; an unattributed one is a checkable fact.
        "outlet": "the article itself",
        "unattributed": "the article itself, giving no source",
        "anonymous_source": f"an unnamed source ({named})" if named else "an unnamed source",
        "named_source": named or "a named source",
    }[who.kind]
    return f"{label}, “{who.verb}”" if who.verb else label


@dataclass(frozen=True)
class ThreadEntry:
    """One line of the item's discussion: a comment, or a decision on a flag or contradiction."""

    at: datetime
    who: str
    kind: str  # "comment" or "decision"
    text: str
    about: str  # what it is on: "the item", "claim c3", "flag 12 (hedged)", ...
    anchor: str  # the page anchor it is shown at


def discussion(item: ItemView) -> list[ThreadEntry]:
    """Comments and decisions in time order, so a thread reads beside what editors decided."""
    flags = {flag.id: flag for flag in item.flags}
    entries = [
        ThreadEntry(
            c.created_at,
            c.author,
            "comment",
            c.text,
            f"claim {c.claim_id}" if c.claim_id else "the item",
            f"comment-{c.id}",
        )
        for c in item.comments
    ]
    for d in item.decisions:
        flag = flags.get(d.flag_id)
        said = f"{d.decision}: {d.note}" if d.note else d.decision
        about = f"flag {d.flag_id} ({flag.type.replace('_', ' ')})" if flag else f"flag {d.flag_id}"
        entries.append(
            ThreadEntry(d.decided_at, d.decided_by, "decision", said, about, f"flag-{d.flag_id}")
        )
    for x in item.contradiction_decisions:
        said = f"{x.decision}: {x.note}" if x.note else x.decision
        entries.append(
            ThreadEntry(
                x.decided_at,
                x.decided_by,
                "decision",
                said,
                f"contradiction {x.contradiction_id}",
                f"contradiction-{x.contradiction_id}",
            )
        )
    return sorted(entries, key=lambda entry: entry.at)


def revision_changes(revisions: list[RevisionView]) -> list[Markup]:
    """Each summary revision as the words it took out (<del>) and put in (<ins>) against the
    one before it; the first revision as it was written."""
    shown = []
    before: list[str] = []
    for revision in revisions:
        words = revision.text.split()
        shown.append(_word_diff(before, words) if before else escape(revision.text))
        before = words
    return shown


def _word_diff(before: list[str], after: list[str]) -> Markup:
    parts: list[Markup] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(after[b0:b1])))
            continue
        if a1 > a0:
            parts.append(Markup("<del>{}</del>").format(" ".join(before[a0:a1])))
        if b1 > b0:
            parts.append(Markup("<ins>{}</ins>").format(" ".join(after[b0:b1])))
    return Markup(" ").join(parts)
