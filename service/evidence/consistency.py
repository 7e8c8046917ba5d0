"""Internal consistency: statements of one article that cannot all hold.

Each check is deliberately narrow, because a false contradiction costs an editor more time than
a missed one: numbers are compared only for counted events, dates only when a later sentence
refers back to the same event, modality only for one speaker's one appeal.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.evidence.prefilter import has_digit
from service.evidence.model import Attribution, ContradictionEvidence, Quantity, TimeMention
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
_SPOKEN = re.compile(
    r"\b(?:live broadcast|televised (?:address|speech)|on air|(?:his|her) voice|video address|"
    r"on (?:television|TV|radio)|in a speech)\b",
    re.IGNORECASE,
)
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
    spoken_matches = _matches(document, _SPOKEN)
    written_matches = _matches(document, _WRITTEN) if spoken_matches else []
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


def _matches(document: Document, pattern: re.Pattern[str]) -> list[tuple[int, tuple[int, int]]]:
    """Per sentence, the last match: the channel ("live broadcast") follows its description."""
    found = []
    for sentence in document.sentences:
        matches = list(pattern.finditer(sentence.text))
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
