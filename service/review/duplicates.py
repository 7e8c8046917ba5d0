"""Which flag may be marked a duplicate of which: the one rule the desk offers choices by and
the decision path checks by.

A flag repeats another when both question the same thing: they sit on the same claim, or their
words overlap. Never itself, never a flag of another item, and never in a circle (A a duplicate
of B while B is, directly or through others, a duplicate of A): then no flag of the circle would
carry a real decision.
"""

from dataclasses import dataclass

from schemas.review import FlagView
from service.evidence.flag_types import RETIRED_FLAG_TYPES
from service.review.errors import BadDuplicate
from service.store.models import FlagDecision, FlagRow


@dataclass(frozen=True)
class FlagPlace:
    id: int
    claim_id: str
    start: int
    end: int

    @classmethod
    def of(cls, flag: FlagRow | FlagView) -> "FlagPlace":
        return cls(flag.id, flag.claim_id, flag.start, flag.end)


def may_repeat(flag: FlagPlace, original: FlagPlace) -> bool:
    """Whether `flag` may be a duplicate of `original` (both of one item)."""
    if flag.id == original.id:
        return False
    overlap = flag.start < original.end and original.start < flag.end
    return flag.claim_id == original.claim_id or overlap


def candidates(flags: list[FlagView]) -> dict[int, list[FlagView]]:
    """For each flag of an item, the flags it may be marked a duplicate of, in article order."""
    places = {flag.id: FlagPlace.of(flag) for flag in flags}
    return {
        flag.id: [o for o in flags if may_repeat(places[flag.id], places[o.id])] for flag in flags
    }


def check_original(
    flag: FlagRow, original: FlagRow | None, newest: dict[int, FlagDecision]
) -> FlagRow:
    """The flag `flag` may be a duplicate of, or BadDuplicate saying why not.

    `newest`: the item's newest decision on each flag, by flag id (read under the item's lock).
    """
    if original is None or original.item_id != flag.item_id or original.type in RETIRED_FLAG_TYPES:
        raise BadDuplicate(
            f"flag {flag.id} can only be a duplicate of another flag of the same item; "
            "GET the item for its flags' ids",
            for_editors="choose a flag of this article as the one it repeats",
        )
    if original.id == flag.id:
        raise BadDuplicate(
            f"flag {flag.id} cannot be a duplicate of itself",
            for_editors="a flag cannot be a duplicate of itself: choose the flag it repeats",
        )
    if not may_repeat(FlagPlace.of(flag), FlagPlace.of(original)):
        raise BadDuplicate(
            f"flag {original.id} is on another claim ({original.claim_id}, not "
            f"{flag.claim_id}) and its words do not overlap flag {flag.id}'s: a duplicate "
            "repeats a flag on the same claim or the same words",
            for_editors=f"flag {original.id} questions other words on another claim, so this "
            "flag cannot be its duplicate",
        )
    _refuse_circle(flag.id, original.id, newest)
    return original


def _refuse_circle(flag_id: int, original_id: int, newest: dict[int, FlagDecision]) -> None:
    seen = {original_id}
    current = newest.get(original_id)
    while current is not None and current.decision == "duplicate" and current.duplicate_of:
        if current.duplicate_of == flag_id:
            raise BadDuplicate(
                f"flag {original_id} is itself marked a duplicate of flag {flag_id} (directly "
                "or through other flags): decide one of them as accepted or rejected first",
                for_editors=f"flag {original_id} is already marked as repeating this one; "
                "accept or reject one of the two instead",
            )
        if current.duplicate_of in seen:
            return
        seen.add(current.duplicate_of)
        current = newest.get(current.duplicate_of)
