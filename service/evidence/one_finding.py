"""Flags on one claim that an editor would read as one finding become one flag with every reason.

Two detectors often see the same thing from two sides: "It is alleged that" is a hedge and an
unnamed source; "A spokesperson, speaking on condition of anonymity" gives two cues for one
anonymous source; a statement against the reference facts is also one side of the contradiction
those facts reveal. Shown twice, the editor decides twice and the counts double. They are one
finding when
- they cover exactly the same words and are of one family (`flag_types.FAMILIES`) or move the
  claim's status the same way (a hedge that is also an unnamed source: both leave it
  unverified; a reference fact and the contradiction it reveals), or
- they are of one type and their words overlap, or only spaces and punctuation stand between
  them (two cues for one anonymous source; not loaded words, each of which has its own neutral
  alternative).

The merged flag covers the words of both, shows the type of the more specific evidence
(`SHOWN_FIRST`; of one type, the wider), keeps that flag's detector (acceptance rates are kept
by detector), and gives the reason of each type in its detail.
"""

from collections.abc import Iterable
from dataclasses import replace

from schemas.verify import FlagType
from service.evidence.flag_types import SPECS
from service.evidence.model import WORDING, Signal

SHOWN_FIRST: tuple[FlagType, ...] = (
    "embedded_instructions",
    "factbase_conflict",
    "misidentified_entity",
    "numeric_inconsistency",
    "temporal_inconsistency",
    "internal_contradiction",
    "unconfirmed",
    "hedged",
    "anonymous_source",
    "speculation",
    "unattributed_assertion",
    "name_calling",
    "loaded_language",
)
"""Which type a merged flag shows: reference facts over the article's own inconsistency, what
the article says of a claim's certainty ("alleged", "unconfirmed") over what follows from it
(no one is named)."""
_RANK = {flag_type: rank for rank, flag_type in enumerate(SHOWN_FIRST)}
_SEPARATORS = frozenset(" \t\n,;:—–-()")


def one_finding_each(signals: Iterable[Signal], text: str) -> list[Signal]:
    """`signals` of one claim with every group that is one finding merged, in text order.

    `text` is the document's cleaned text, which the offsets index (to see what stands between
    two flags)."""
    merged: list[Signal] = []
    for signal in sorted(signals, key=lambda s: (s.start, s.end, _RANK[s.type])):
        # A merge widens a flag, which may then reach one kept before: merge until none does.
        while (i := _partner(merged, signal, text)) is not None:
            signal = _merge(merged.pop(i), signal)
        merged.append(signal)
    return sorted(merged, key=lambda s: (s.start, s.end))


def _partner(kept: list[Signal], signal: Signal, text: str) -> int | None:
    return next((i for i, k in enumerate(kept) if _one_finding(k, signal, text)), None)


def _one_finding(a: Signal, b: Signal, text: str) -> bool:
    if (a.start, a.end) == (b.start, b.end):
        same, other = SPECS[a.type], SPECS[b.type]
        return same.family == other.family or same.effect == other.effect
    if a.type != b.type:
        # Nested flags of two types are two findings ("3.2 million residents" against the
        # reference facts, inside a contradiction about how the message was given).
        return False
    first, second = sorted((a, b), key=lambda s: s.start)
    if second.start < first.end:
        return True
    # Each loaded word has its own neutral alternative: side by side they are two findings.
    return a.type not in WORDING and set(text[first.end : second.start]) <= _SEPARATORS


def _merge(a: Signal, b: Signal) -> Signal:
    shown, other = sorted((a, b), key=lambda s: (_RANK[s.type], s.start - s.end))
    detail = shown.detail
    # Two wordings of one reason (two hedge rules on "reportedly") are one reason.
    if other.type != shown.type and other.detail not in detail:
        detail = f"{detail} Also: {other.detail}"
    return replace(
        shown,
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        detail=detail,
        confidence=max(a.confidence, b.confidence),
        suggestion=shown.suggestion or other.suggestion,
        related=tuple(sorted({*a.related, *b.related})),
    )
