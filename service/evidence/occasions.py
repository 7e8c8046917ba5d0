"""Words that put a statement on another occasion than the one it seems to repeat."""

import re

OTHER_OCCASION = re.compile(
    r"\b(?:earlier|previous|another|separate(?:ly)?|last (?:week|month|year)|later|again)\b",
    re.IGNORECASE,
)
"""An earlier, later or separate event: its figures and times are not the same event's."""

_OTHER_STATEMENT = re.compile(
    r"\b(?:in\s+)?(?:an?\s+)?(?:earlier|previous|another|separate)\s+(?:statement|report|"
    r"briefing|interview|post|message|update|release|press release|press conference|letter)\b",
    re.IGNORECASE,
)
"""'In a separate statement, the council said ...': another telling of the same event."""


_PERIOD = re.compile(r"\blast (?:week|month|year)\b", re.IGNORECASE)


def other_occasion(text: str, periods: bool = True) -> bool:
    """Whether `text` puts its event on another occasion; a separate *statement* about the
    same event does not (two sources disagreeing about one count is what matters most).
    `periods=False` lets "last month" through, for a caller that compares the periods itself."""
    text = _OTHER_STATEMENT.sub(" ", text)
    if not periods:
        text = _PERIOD.sub(" ", text)
    return OTHER_OCCASION.search(text) is not None


# Which event a date dates ----------------------------------------------------------------

_SCHEDULE = re.compile(
    r"\b(?:will|would|shall|due|scheduled|set to|planned|plans?|expected|deadline|"
    r"takes? effect|comes? into (?:force|effect)|closes|opens|begins|starts|ends|"
    r"expires|runs|is to|are to)\b"
)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|from|until|till|through|before)\s+(?:the\s+)?$")
"""A deadline or a timetable ("closures take effect March 31", "the consultation closes
January 15", "will be held on"): the date of something due, not of a past event."""
_RELATIVE_TO = re.compile(r"\b(?:after|before|since|ahead of|following|prior to|until|during)\b")
_RELATIVE_TO_EVENT = re.compile(
    r"\b(?:after|before|ahead of|following|prior to)\s+(?:the|its|this|that|his|her|their)"
    r"\s+(?:[a-z-]+\s+)?$"
)
"""'a week after the closure, on March 10': the date is not the closure's."""
_CLAUSE_START = re.compile(r"[,;:]|^")
_LIGHT_VERBS = frozenset(
    [
        "held",
        "made",
        "carried",
        "staged",
        "happened",
        "occurred",
        "took",
        "place",
        "came",
        "was",
        "were",
        "been",
        "is",
        "are",
    ]
)
_OTHER_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "tell",
        "heard",
        "saw",
        "seen",
        "gave",
        "given",
        "put",
        "left",
        "got",
        "brought",
        "sent",
        "wrote",
        "spoke",
        "met",
        "found",
        "began",
        "knew",
        "thought",
        "became",
        "showed",
        "shown",
    ]
)
_CLAUSE_BREAK = re.compile(r"[;:()\"“”]|\s[-–—]\s")
_MOST_WORDS_APART = 12


def dates_event(lowered_text: str, event: tuple[int, int], moment: tuple[int, int]) -> bool:
    """Whether the date at `moment` dates the event named at `event` (offsets into one
    lower-cased sentence): the two sit in one clause with no other verb between them ("police
    released images of the raid on Saturday" dates the release, not the raid), the date is not
    given relative to the event ("a day after the vote"), and it is not a deadline or schedule."""
    start, end = min(event[0], moment[0]), max(event[1], moment[1])
    between = lowered_text[min(event[1], moment[1]) : max(event[0], moment[0])]
    words = between.split()
    if len(words) > _MOST_WORDS_APART or _CLAUSE_BREAK.search(between):
        return False
    if _RELATIVE_TO.search(between) or _SCHEDULE.search(lowered_text, max(0, start - 25), end):
        return False
    if _DEADLINE_BEFORE.search(lowered_text, max(0, moment[0] - 12), moment[0]):
        return False
    if moment[0] > event[0] and not _owns_its_clause(lowered_text, event[0]):
        return False
    return not any(_is_other_verb(word.strip(",'’")) for word in words)


def _owns_its_clause(lowered_text: str, event_start: int) -> bool:
    """Whether nothing before the event word in its clause takes a date that follows it
    ("reporters were told of the arrest on Wednesday": Wednesday is when they were told)."""
    clause_start = max(m.end() for m in _CLAUSE_START.finditer(lowered_text, 0, event_start))
    before = lowered_text[clause_start:event_start]
    if _RELATIVE_TO_EVENT.search(before):
        return False
    return not any(_is_other_verb(word) for word in before.split())


def _is_other_verb(word: str) -> bool:
    if word in _LIGHT_VERBS:
        return False
    return word in _OTHER_VERBS or (word.endswith("ed") and len(word) > 4)
