"""Internal consistency: statements of one article that cannot all hold.

Each check is deliberately narrow, because a false contradiction costs an editor more time than
a missed one: numbers are compared only for counted events, dates only when a later sentence
refers back to the same event, modality only for one speaker's one appeal.
"""

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from service.evidence.model import Attribution, ContradictionEvidence, Quantity, TimeMention
from service.evidence.prefilter import FoldedPattern, has_digit, lowered, mentions_any
from service.resources import read_seed_text
from service.text import Document

_EVENT_COUNT_NOUNS = frozenset(
    [
        "killed",
        "dead",
        "deaths",
        "died",
        "injured",
        "wounded",
        "casualties",
        "detonations",
        "explosions",
        "blasts",
        "drones",
        "missiles",
        "rockets",
        "shells",
        "strikes",
        "attacks",
        "people",
        "civilians",
        "soldiers",
        "hostages",
    ]
)
_ATTACK_EVENT = re.compile(
    r"\b(?:attacks?|strikes?|explosions?|detonations?|blasts?|shelling|bombing|drones?|"
    r"assault|incident)\b",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(
    r"\b(?:the|this|that) (?:attack|strike|explosions?|detonations?|blasts?|shelling|bombing|"
    r"assault|incident)(?:’s|'s)?\b",
    re.IGNORECASE,
)
_OTHER_OCCASION = re.compile(
    r"\b(?:earlier|previous|another|separate(?:ly)?|last (?:week|month|year)|later|again)\b",
    re.IGNORECASE,
)
_WRITTEN = re.compile(
    r"\b(?:(?:message|statement|post)\b"
    r"(?:(?:[^.;:]|\.(?=\d)){0,60}?\b(?:via|on) (?:his |her |its )?"
    r"(?:Telegram|X|Twitter|Facebook|website|channel))?|wrote|posted)\b",
)
_SPOKEN = FoldedPattern(
    re.compile(
        r"\b(?:live broadcast|televised (?:address|speech)|on air|(?:his|her) voice|"
        r"video address|on (?:television|TV|radio)|in a speech)\b",
        re.IGNORECASE,
    )
)
_SPOKEN_KEYWORDS = (
    *("live broadcast", "televised ", "on air", " voice", "video address", "on television"),
    *("on tv", "on radio", "in a speech"),
)
"""Every `_SPOKEN` match contains one of these (lower-cased)."""
_WRITTEN_KEYWORDS = ("message", "statement", "post", "wrote")
"""Every `_WRITTEN` match (a case-sensitive pattern) contains one of these words."""
_VIDEO = re.compile(r"\bvideo\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """A contradiction plus the span in each involved sentence that shows it."""

    contradiction: ContradictionEvidence
    spans: dict[int, tuple[int, int]]


_EVENT_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "deaths": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "evacuated": "evacuated",
    "arrested": "arrested",
    "detained": "arrested",
    "missing": "missing",
}
_UPDATED = re.compile(
    r"\b(?:toll|total|in all|so far|rose to|risen to|climbed to)\b", re.IGNORECASE
)
_PARTS_OF = re.compile(r"^(?:Of (?:those|them|these|the [a-z]+)|Of the \d[\d,]*)\b")


def _count_key(document: Document, quantity: Quantity) -> tuple[str | None, str | None]:
    """(counted noun, event) of a figure: "killed 14 people" and "the 11 people killed" are both
    (people, killed); "injured 32 workers" and "the 27 injured workers" (workers, injured)."""
    span = document.text[quantity.start : quantity.end].lower()
    words = re.findall(r"[a-z]+", span)[1 if span[:1].isalpha() else 0 :]
    before = re.findall(
        r"[a-z]+", document.text[max(0, quantity.start - 25) : quantity.start].lower()
    )[-2:]
    after = re.findall(r"[a-z]+", document.text[quantity.end : quantity.end + 12].lower())[:1]
    event = next((_EVENT_WORDS[w] for w in [*words, *before, *after] if w in _EVENT_WORDS), None)
    nouns = [w for w in words if w not in _EVENT_WORDS]
    return (nouns[-1] if nouns else None), event


def numeric_findings(document: Document, quantities: Sequence[Quantity]) -> list[Finding]:
    findings = []
    keyed = []
    for quantity in quantities:
        noun, event = _count_key(document, quantity)
        if event is None and (noun is None or noun not in _EVENT_COUNT_NOUNS):
            continue
        if _UPDATED.search(document.sentences[quantity.sentence].text) or _OTHER_OCCASION.search(
            document.sentences[quantity.sentence].text
        ):
            continue
        keyed.append(((noun, event), quantity))
    for index, (key, first) in enumerate(keyed):
        for other, second in keyed[index + 1 :]:
            disjoint = first.high < second.low or second.high < first.low
            if key == other and disjoint and first.sentence != second.sentence:
                findings.append(_numeric(first, second))
    findings += _parts_exceed_total(document, quantities)
    findings += _change_direction(document)
    return findings


def _parts_exceed_total(document: Document, quantities: Sequence[Quantity]) -> list[Finding]:
    """ "240 patients ... Of those, 130 received the drug and 130 a placebo": parts over total."""
    findings = []
    for sentence in document.sentences[1:]:
        if not _PARTS_OF.match(sentence.text):
            continue
        parts = [q for q in quantities if q.sentence == sentence.index]
        totals = [q for q in quantities if q.sentence == sentence.index - 1 and q.referent]
        if len(parts) < 2 or not totals:
            continue
        total = max(totals, key=lambda q: q.value)
        if sum(q.low for q in parts) > total.high:
            explanation = (
                f"The parts ({' + '.join(f'{q.value:g}' for q in parts)}) add up to more than "
                f"the {total.value:g} {total.referent} they divide."
            )
            contradiction = ContradictionEvidence(
                "numeric", (total.sentence, sentence.index), explanation, "rule:consistency", 0.7
            )
            findings.append(
                Finding(
                    contradiction,
                    {
                        total.sentence: (total.start, total.end),
                        sentence.index: (parts[0].start, parts[-1].end),
                    },
                )
            )
    return findings


_AMOUNT = r"[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion|bn|thousand))?"
_CHANGE = re.compile(
    r"\b(?P<dir>rose|increased|grew|climbed|jumped|gained|fell|dropped|declined|decreased|"
    r"slipped|slid)(?:\s+(?:by\s+)?(?P<pct>\d+(?:\.\d+)?)\s*(?:percent|per cent|%))?"
    rf"\s+(?:to\s+(?P<to>{_AMOUNT}),?\s+from\s+(?P<from>{_AMOUNT})|"
    rf"from\s+(?P<from2>{_AMOUNT})\s+to\s+(?P<to2>{_AMOUNT}))"
)
_UP = frozenset(["rose", "increased", "grew", "climbed", "jumped", "gained"])


def _amount(text: str) -> float:
    number = float(re.sub(r"[^\d.]", "", re.sub(r"[a-z]+", "", text)) or 0)
    for word, scale in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("bn", 1e9)):
        if word in text:
            number *= scale
    return number


def _change_direction(document: Document) -> list[Finding]:
    """ "rose 12 percent to $4.2 billion, from $4.5 billion": a rise to a lower figure."""
    findings = []
    for sentence in document.sentences:
        if " from " not in sentence.text or not has_digit(sentence.text):
            continue
        for match in _CHANGE.finditer(sentence.text):
            new = _amount(match.group("to") or match.group("to2"))
            old = _amount(match.group("from") or match.group("from2"))
            if old <= 0:
                continue
            actual = (new - old) / old * 100
            up = match.group("dir") in _UP
            wrong = (up and new < old) or (not up and new > old)
            if match.group("pct") and not wrong:
                stated = float(match.group("pct"))
                wrong = abs(abs(actual) - stated) > 1 + 0.1 * stated
            if not wrong:
                continue
            explanation = (
                f"'{match.group('dir')}' from {old:,.4g} to {new:,.4g} is a change of "
                f"{actual:+.1f}%; the figures and the stated change cannot all be right."
            )
            contradiction = ContradictionEvidence(
                "numeric", (sentence.index,), explanation, "rule:consistency", 0.75
            )
            span = (sentence.start + match.start(), sentence.start + match.end())
            findings.append(Finding(contradiction, {sentence.index: span}))
    return findings


def _numeric(first: Quantity, second: Quantity) -> Finding:
    explanation = (
        f"The article gives {first.value:g} and {second.value:g} {first.referent}; "
        "both cannot be right for the same count."
    )
    contradiction = ContradictionEvidence(
        "numeric", (first.sentence, second.sentence), explanation, "rule:consistency", 0.7
    )
    return Finding(
        contradiction,
        {first.sentence: (first.start, first.end), second.sentence: (second.start, second.end)},
    )


def temporal_findings(document: Document, times: Sequence[TimeMention]) -> list[Finding]:
    """A back-reference to "the attack" dated outside the window first given for it."""
    event_times = [t for t in times if _ATTACK_EVENT.search(document.sentences[t.sentence].text)]
    findings = []
    for later in event_times:
        text = document.sentences[later.sentence].text
        if not _REFERS_BACK.search(text) or _OTHER_OCCASION.search(text):
            continue
        first = next((t for t in event_times if t.sentence < later.sentence), None)
        if first is None:
            continue
        if later.last_hour <= first.first_hour or first.last_hour <= later.first_hour:
            findings.append(_temporal(first, later))
    return findings


def _temporal(first: TimeMention, later: TimeMention) -> Finding:
    explanation = (
        f"The article dates the same event to the {first.label} and to the {later.label}; "
        "the two times do not overlap."
    )
    contradiction = ContradictionEvidence(
        "temporal", (first.sentence, later.sentence), explanation, "rule:consistency", 0.75
    )
    return Finding(
        contradiction,
        {first.sentence: (first.start, first.end), later.sentence: (later.start, later.end)},
    )


def modality_findings(
    document: Document, attributions: Sequence[Attribution], window: int = 6
) -> list[Finding]:
    """One speaker's appeal described as written (a Telegram message) and as spoken live."""
    findings = []
    spoken_matches = _matches(document, _spoken_in)
    written_matches = _matches(document, _written_in) if spoken_matches else []
    for spoken_id, spoken_at in spoken_matches:
        speaker = attributions[spoken_id].name
        text = document.sentences[spoken_id].text
        if speaker is None or _OTHER_OCCASION.search(text) or _VIDEO.search(text):
            continue
        for written_id, written_at in written_matches:
            in_window = 0 <= spoken_id - written_id <= window and written_id != spoken_id
            if (
                in_window
                and attributions[written_id].name == speaker
                and not _VIDEO.search(document.sentences[written_id].text)
            ):
                findings.append(
                    _modality(document, speaker, written_id, written_at, spoken_id, spoken_at)
                )
                break
    return findings


def _spoken_in(text: str) -> Iterator[re.Match[str]]:
    lowered_text = lowered(text)
    if not mentions_any(lowered_text, _SPOKEN_KEYWORDS):
        return iter(())
    return _SPOKEN.finditer(text, lowered_text)


def _written_in(text: str) -> Iterator[re.Match[str]]:
    if not mentions_any(text, _WRITTEN_KEYWORDS):
        return iter(())
    return _WRITTEN.finditer(text)


def _matches(
    document: Document, finditer: Callable[[str], Iterator[re.Match[str]]]
) -> list[tuple[int, tuple[int, int]]]:
    """Per sentence, the last match: the channel ("live broadcast") follows its description."""
    found = []
    for sentence in document.sentences:
        matches = list(finditer(sentence.text))
        if matches:
            match = matches[-1]
            found.append(
                (sentence.index, (sentence.start + match.start(), sentence.start + match.end()))
            )
    return found


def _modality(
    document: Document,
    speaker: str,
    written_id: int,
    written_at: tuple[int, int],
    spoken_id: int,
    spoken_at: tuple[int, int],
) -> Finding:
    written = document.text[written_at[0] : written_at[1]]
    spoken = document.text[spoken_at[0] : spoken_at[1]]
    explanation = (
        f"{speaker}'s appeal is reported as written ('{written}') and as spoken ('{spoken}'); "
        "a written message has no voice, so one of the two descriptions is wrong or invented."
    )
    contradiction = ContradictionEvidence(
        "modality", (written_id, spoken_id), explanation, "rule:consistency", 0.7
    )
    return Finding(contradiction, {written_id: written_at, spoken_id: spoken_at})


# Event times: one event dated twice ------------------------------------------------------

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
    rows = []
    for line in read_seed_text("lexicons/events.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            stem, event = line.split("\t")
            rows.append((stem.strip(), event.strip()))
    return tuple(rows)


@lru_cache(maxsize=1)
def _event_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """All stems in one alternation (longest first) at the start of a word, and stem -> event."""
    events = dict(_event_stems())
    stems = sorted(events, key=len, reverse=True)
    return re.compile(rf"(?<![a-z])(?:{'|'.join(map(re.escape, stems))})"), events


def _events_in(lowered_text: str) -> tuple[str, ...]:
    """Events named in a sentence: one scan instead of testing every word against every stem.

    They come in lexicon order, not set order: the first event that dates a pair of sentences
    names it in the explanation, and that must not depend on the process's hash seed.
    """
    pattern, events = _event_pattern()
    found = set()
    for match in pattern.finditer(lowered_text):
        stem = match.group(0)
        found.add(events[stem])
        # a shorter stem that also starts this word ("vote" inside "voter") names its event too
        found.update(e for s, e in events.items() if s != stem and stem.startswith(s))
    return tuple(event for event in dict.fromkeys(events.values()) if event in found)


def _refers_back_to(lowered_text: str, event: str) -> bool:
    stems = [stem for stem, e in _event_stems() if e == event]
    pattern = rf"\b(?:the|its|this|that|their|his|her)\s+(?:[a-z]+\s+)?(?:{'|'.join(stems)})"
    return re.search(pattern, lowered_text) is not None


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


def event_time_findings(document: Document, times: Sequence[TimeMention]) -> list[Finding]:
    """The same one-time event given two times that do not overlap ("sentenced on Friday" ...
    "the sentencing hearing, held on Tuesday"; "launched in 2019" ... "its launch in 2021")."""
    dated = []
    for sentence in document.sentences:
        if not has_digit(sentence.text) and not _has_weekday(sentence.text):
            continue
        lowered_text = sentence.text.lower()
        events = _events_in(lowered_text)
        if events and not _OTHER_OCCASION.search(sentence.text):
            dated.append(
                (sentence.index, lowered_text, events, _moments(document, sentence.index, times))
            )
    findings: list[Finding] = []
    done: set[tuple[int, int]] = set()
    for later_index, (later_id, lowered_text, events, later_moments) in enumerate(dated):
        for event in events:
            if not _refers_back_to(lowered_text, event):
                continue
            for first_id, _, first_events, first_moments in dated[:later_index]:
                if event not in first_events or (first_id, later_id) in done:
                    continue
                pair = _disjoint(first_moments, later_moments)
                if pair is not None:
                    done.add((first_id, later_id))
                    findings.append(_event_time(document, event, first_id, later_id, *pair))
    findings += _relative_findings(document, times, done)
    return findings


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
    contradiction = ContradictionEvidence(
        "temporal", (first_id, later_id), explanation, "rule:consistency", 0.7
    )
    return Finding(contradiction, {first_id: first[3:5], later_id: later[3:5]})


def _ordinal(hours: int) -> int:
    day = hours // 24
    return date(
        2024, day // 31 + 1, min(day % 31 + 1, 28 if day // 31 == 1 else 30 + (day % 31 == 30))
    ).toordinal()


def _relative_findings(
    document: Document, times: Sequence[TimeMention], done: set[tuple[int, int]]
) -> list[Finding]:
    """ "on June 6, a day after the vote" when the vote was June 7; "at 10:40 p.m., about 20
    minutes after the fire started" when it started shortly before midnight."""
    findings = []
    for sentence in document.sentences:
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
    contradiction = ContradictionEvidence(
        "temporal", (ref_id, sentence_id), explanation, "rule:consistency", 0.7
    )
    return Finding(contradiction, {ref_id: reference_span, sentence_id: span})
