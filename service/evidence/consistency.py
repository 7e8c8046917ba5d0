"""Internal consistency: statements of one article that cannot all hold.

Each check is deliberately narrow, because a false contradiction costs an editor more time than
a missed one: numbers are compared only for counted events, dates only when a later sentence
refers back to the same event, modality only for one speaker's one appeal.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


def numeric_findings(quantities: Sequence[Quantity]) -> list[Finding]:
    findings = []
    counted = [q for q in quantities if q.referent and q.referent.lower() in _EVENT_COUNT_NOUNS]
    for index, first in enumerate(counted):
        for second in counted[index + 1 :]:
            same = (
                first.referent
                and second.referent
                and (first.referent.lower() == second.referent.lower())
            )
            disjoint = first.high < second.low or second.high < first.low
            if same and disjoint and first.sentence != second.sentence:
                findings.append(_numeric(first, second))
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
