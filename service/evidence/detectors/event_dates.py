"""One event given two times that do not overlap: "sentenced on Friday" ... "the sentencing
hearing, held on Tuesday"; "on June 6, a day after the vote" when the vote was June 7."""

import re
from calendar import monthrange
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, TimeMention
from service.evidence.occasions import dates_event, other_occasion
from service.evidence.prefilter import has_digit
from service.resources import read_lexicon_rows
from service.text import Document, Sentence

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"\b(?:on\s+)?(?:the\s+(?P<part1>night|evening|morning)\s+of\s+)?"
    r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?P<part2>morning|afternoon|evening|night))?"
)


def _has_weekday(text: str) -> bool:
    # every weekday name ends in "day": most sentences skip the slower pattern
    return "day" in text and _WEEKDAY.search(text) is not None


_WEEKDAY_PART = {None: (0, 24), "morning": (5, 12), "afternoon": (12, 18), "evening": (17, 24)}
_WEEKDAY_PART["night"] = (18, 30)
_YEAR = re.compile(r"\bin\s+(?P<year>(?:19|20)\d\d)\b")
_RELATIVE = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|\d+)\s+(?P<unit>days?|weeks?)\s+"
    r"(?P<rel>after|before)\s+(?:the\s+(?P<noun>[a-z]+)|it)\b"
)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_CLOCK = re.compile(
    r"(?:(?P<near>shortly|just)\s+(?P<side>before|after)\s+(?P<anchor>midnight|noon)|"
    r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b))"
)
_CLOCK_AFTER = re.compile(
    r",?\s+(?:about\s+|around\s+|some\s+)?(?P<n>\d+|a|an|one|two|three|five|ten|twenty|thirty)"
    r"\s+(?P<unit>minutes?|hours?)\s+after\s+the\s+(?P<noun>[a-z]+)\s+(?:started|began|broke out)"
)
_TENS = {"five": 5, "ten": 10, "twenty": 20, "thirty": 30}


@lru_cache(maxsize=1)
def _event_stems() -> tuple[tuple[str, str], ...]:
    return tuple((stem, event) for stem, event in read_lexicon_rows("events.tsv"))


@lru_cache(maxsize=1)
def _event_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """All stems in one alternation (longest first) at the start of a word, and stem -> event."""
    events = dict(_event_stems())
    stems = sorted(events, key=len, reverse=True)
    return re.compile(rf"(?<![a-z])(?:{'|'.join(map(re.escape, stems))})"), events


@lru_cache(maxsize=1)
def _stems_asked() -> tuple[str, ...] | None:
    """The event stems, which a sentence naming an event holds in its lowered text as in
    `str.lower`'s (None, every sentence, if one is not ASCII)."""
    stems = tuple(stem for stem, _ in _event_stems())
    return stems if all(map(str.isascii, stems)) else None


def _event_mentions(lowered_text: str) -> list[tuple[str, tuple[int, int]]]:
    """Events named in a sentence, each with the span of the word naming it, in text order
    (the first event that dates a pair of sentences names it in the explanation, and that must
    not depend on the process's hash seed). One scan instead of testing every word against
    every stem."""
    pattern, events = _event_pattern()
    found = []
    for match in pattern.finditer(lowered_text):
        stem = match.group(0)
        word = _WORD_END.match(lowered_text, match.end())
        span = (match.start(), word.end() if word is not None else match.end())
        found.append((events[stem], span))
        # a shorter stem that also starts this word ("vote" inside "voter") names its event too
        found += [(e, span) for s, e in events.items() if s != stem and stem.startswith(s)]
    return found


_WORD_END = re.compile(r"[a-z’'-]*")
_MODIFIER = (
    r"(?:[a-z-]+(?:al|ed|ic|ary|ous|ive|ful|ial|ern|ish)|first|second|third|final|initial|"
    r"original|latest|recent|mass|snap|general|dawn|early|late|planned|alleged|reported)"
)
"""The only words allowed between "the" and an event noun in a back-reference ("the presidential
election", "its planned launch"): "the consultation closes" is about a consultation."""


def _refers_back_to(lowered_text: str, event: str) -> bool:
    return _back_reference(event).search(lowered_text) is not None


@lru_cache(maxsize=256)
def _back_reference(event: str) -> re.Pattern[str]:
    stems = [stem for stem, e in _event_stems() if e == event]
    return re.compile(
        rf"\b(?:the|its|this|that|their|his|her)\s+(?:{_MODIFIER}\s+)?(?:{'|'.join(stems)})"
    )


_Moment = tuple[str, int, int, int, int]
"""(kind, first, last, start, end): an interval in hours (days, years) and its span."""


def _moments(document: Document, sentence_id: int, times: Sequence[TimeMention]) -> list[_Moment]:
    sentence = document.sentences[sentence_id]
    found: list[_Moment] = [
        ("date", t.first_hour, t.last_hour, t.start, t.end)
        for t in times
        if t.sentence == sentence_id
    ]
    for match in _WEEKDAY.finditer(sentence.text):
        day = _WEEKDAYS.index(match.group("day").lower()) * 24
        first, last = _WEEKDAY_PART[match.group("part1") or match.group("part2")]
        span = (sentence.start + match.start(), sentence.start + match.end())
        found.append(("weekday", day + first, day + last, *span))
    for match in _YEAR.finditer(sentence.text):
        year = int(match.group("year"))
        found.append(
            ("year", year, year + 1, sentence.start + match.start(), sentence.start + match.end())
        )
    return found


def _event_time_findings(ctx: AnalysisContext) -> list[Finding]:
    """The same one-time event given two times that do not overlap ("sentenced on Friday" ...
    "the sentencing hearing, held on Tuesday"; "launched in 2019" ... "its launch in 2021")."""
    document, times = ctx.document, ctx.times
    dated = []
    for sentence in ctx.sentences_having(_stems_asked()):
        if not has_digit(sentence.text) and not _has_weekday(sentence.text):
            continue
        lowered_text = sentence.text.lower()
        mentions = _event_mentions(lowered_text)
        if mentions and not other_occasion(sentence.text):
            moments = _moments(document, sentence.index, times)
            dated.append((sentence.index, lowered_text, _dated_events(sentence, mentions, moments)))
    findings: list[Finding] = []
    done: set[tuple[int, int]] = set()
    for later_index, (later_id, lowered_text, later_events) in enumerate(dated):
        for event, later_moments in later_events.items():
            if not _refers_back_to(lowered_text, event):
                continue
            for first_id, _, first_events in dated[:later_index]:
                if event not in first_events or (first_id, later_id) in done:
                    continue
                pair = _disjoint(first_events[event], later_moments)
                if pair is not None:
                    done.add((first_id, later_id))
                    findings.append(_event_time(document, event, first_id, later_id, *pair))
    findings += _relative_findings(ctx, done)
    return findings


def _dated_events(
    sentence: Sentence, mentions: list[tuple[str, tuple[int, int]]], moments: list[_Moment]
) -> dict[str, list[_Moment]]:
    """Each event of the sentence with the times that date it (`occasions.dates_event`)."""
    lowered_text = sentence.text.lower()
    dated: dict[str, list[_Moment]] = {}
    for event, span in mentions:
        for moment in moments:
            at = (moment[3] - sentence.start, moment[4] - sentence.start)
            if dates_event(lowered_text, span, at) and moment not in dated.get(event, []):
                dated.setdefault(event, []).append(moment)
    return dated


def _disjoint(firsts: list[_Moment], laters: list[_Moment]) -> tuple[_Moment, _Moment] | None:
    for kind in ("date", "weekday", "year"):
        a = [m for m in firsts if m[0] == kind]
        b = [m for m in laters if m[0] == kind]
        if a and b:
            first, later = a[0], b[0]
            if later[2] <= first[1] or first[2] <= later[1]:
                return first, later
            return None
    return None


def _event_time(
    document: Document, event: str, first_id: int, later_id: int, first: _Moment, later: _Moment
) -> Finding:
    one, two = document.text[first[3] : first[4]], document.text[later[3] : later[4]]
    explanation = (
        f"The article dates the same {event} '{one.strip()}' and '{two.strip()}'; "
        "the two times do not overlap."
    )
    spans = {first_id: (first[3], first[4]), later_id: (later[3], later[4])}
    return Finding.between("temporal", spans, explanation, 0.7)


def _ordinal(hours: int) -> int:
    """Day number of a `TimeMention` hour (months are 31-day blocks there) in a year without a
    29 February: articles rarely give the year, and most years have none."""
    day = hours // 24
    month, day_of_month = day // 31 + 1, day % 31 + 1
    return date(2023, month, min(day_of_month, monthrange(2023, month)[1])).toordinal()


def _relative_findings(ctx: AnalysisContext, done: set[tuple[int, int]]) -> list[Finding]:
    """ "on June 6, a day after the vote" when the vote was June 7; "at 10:40 p.m., about 20
    minutes after the fire started" when it started shortly before midnight."""
    document, times = ctx.document, ctx.times
    findings = []
    # the keyword index holds them wherever `str.lower` does (`prefilter.lowered`)
    for sentence in ctx.sentences_having([" after ", " before "]):
        text = sentence.text
        lowered_text = text.lower()
        if " after " not in lowered_text and " before " not in lowered_text:
            continue
        for match in _RELATIVE.finditer(text):
            own = [
                t
                for t in times
                if t.sentence == sentence.index and t.end - sentence.start <= match.start()
            ]
            if not own:
                continue
            stated = own[-1]
            reference = _reference_date(document, times, sentence.index, match.group("noun"))
            if reference is None or (reference.sentence, sentence.index) in done:
                continue
            word = match.group("n")
            n = int(word) if word.isdigit() else _SMALL[word]
            days = n * (7 if match.group("unit").startswith("week") else 1)
            sign = 1 if match.group("rel") == "after" else -1
            gap = _ordinal(stated.first_hour) - _ordinal(reference.first_hour)
            if abs(gap - sign * days) > (1 if days >= 7 else 0):
                span = (stated.start, sentence.start + match.end())
                findings.append(
                    _relative(
                        document, reference, sentence.index, span, (reference.start, reference.end)
                    )
                )
        for match in _CLOCK.finditer(text):
            after = _CLOCK_AFTER.match(text, match.end())
            if after is None:
                continue
            at = _clock_minutes(match)
            word = after.group("n")
            n = int(word) if word.isdigit() else _SMALL.get(word) or _TENS.get(word, 1)
            minutes = n * (60 if after.group("unit").startswith("hour") else 1)
            start = (at[0] - minutes - 15, at[1] - minutes + 15)
            reference_clock = _reference_clock(document, sentence.index, after.group("noun"))
            if reference_clock is None:
                continue
            ref_id, ref_match = reference_clock
            ref = _clock_minutes(ref_match)
            if start[1] <= ref[0] or ref[1] <= start[0]:
                ref_sentence = document.sentences[ref_id]
                findings.append(
                    _relative(
                        document,
                        None,
                        sentence.index,
                        (sentence.start + match.start(), sentence.start + after.end()),
                        (
                            ref_sentence.start + ref_match.start(),
                            ref_sentence.start + ref_match.end(),
                        ),
                        ref_id,
                    )
                )
    return findings


def _reference_date(
    document: Document, times: Sequence[TimeMention], sentence_id: int, noun: str | None
) -> TimeMention | None:
    others = [t for t in times if t.sentence < sentence_id]
    if noun:
        stem = noun[:4]
        named = [t for t in others if stem in document.sentences[t.sentence].text.lower()]
        others = named or others
    return others[0] if others else None


def _clock_minutes(match: re.Match[str]) -> tuple[int, int]:
    if match.group("anchor"):
        base = 24 * 60 if match.group("anchor") == "midnight" else 12 * 60
        return (base - 60, base) if match.group("side") == "before" else (base, base + 60)
    hour = int(match.group("hour")) % 12 + (12 if match.group("ampm").startswith("p") else 0)
    minute = hour * 60 + int(match.group("minute") or 0)
    return minute, minute + 1


def _reference_clock(
    document: Document, sentence_id: int, noun: str
) -> tuple[int, re.Match[str]] | None:
    for sentence in document.sentences[:sentence_id]:
        if noun not in sentence.text.lower():
            continue
        match = _CLOCK.search(sentence.text)
        if match is not None and _CLOCK_AFTER.match(sentence.text, match.end()) is None:
            return sentence.index, match
    return None


def _relative(
    document: Document,
    reference: TimeMention | None,
    sentence_id: int,
    span: tuple[int, int],
    reference_span: tuple[int, int],
    reference_id: int | None = None,
) -> Finding:
    ref_id = reference.sentence if reference is not None else reference_id
    assert ref_id is not None
    explanation = (
        f"'{document.text[span[0] : span[1]]}' does not fit "
        f"'{document.text[reference_span[0] : reference_span[1]]}', given earlier for the "
        "same event."
    )
    return Finding.between(
        "temporal", {ref_id: reference_span, sentence_id: span}, explanation, 0.7
    )


class EventDates:
    name = "event_dates"

    def detect(self, ctx: AnalysisContext) -> Iterable[Finding]:
        return _event_time_findings(ctx)
