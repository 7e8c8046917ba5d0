"""Which article sentences may become summary points, and the point code makes of each.

A point is a fact an editor can pass on as it stands, so a sentence becomes one only when:

- it is news prose (`service/evidence/prose.py`), not the headline, not part of an
  instruction aimed at a model;
- what it quotes has a speaker the point names ("…, the governor said"), from the attribution
  layer; a quote nobody is found to have said is left out;
- when the report marks it contradicted, the point names who asserts it, or it is left out;
  when the report marks it unverified, the point keeps what makes it so (the unnamed source,
  "reportedly"), or it is left out; a sentence the article asserts with no source at all
  (`unattributed_assertion`) has no attribution to carry and is left out;
- cut to a point's length, it ends at the end of a clause, outside any quote (`clauses.py`).

Both the extractive summary and the `select` task's candidates are built from these points;
a model-written point is held to the same prose test in `checked.py`.
"""

import re
from dataclasses import dataclass

from schemas.llm import POINT_MAX_CHARS, DraftPoint
from service.evidence.attribution.quotes import inside_quote_after
from service.evidence.flag_types import types_with
from service.evidence.model import WORDING, ClaimEvidence, Evidence
from service.evidence.planted import withholding
from service.evidence.prose import headline, non_prose, not_statements
from service.summarize.clauses import clause_cut, whole_clause
from service.summarize.neutral import Replacement, rewrite
from service.summarize.speaker import (
    first_mark_closes,
    holds_speech,
    is_pronoun,
    names,
    speaker_label,
)
from service.text import Document

MIN_POINT_WORDS = 4
"""A point states a fact: "Sure!" or a dateline is none."""
_CONTRADICTING = types_with("contradicts")
_UNVERIFYING = types_with("unverifies")
_CARRIED_CUES = _UNVERIFYING - {"anonymous_source", "unattributed_assertion"}
"""Flags whose words a point must keep: the article's own doubt ("reportedly", "unconfirmed")."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article sentence that may be a summary point, with the point code makes of it."""

    claim: ClaimEvidence
    point: DraftPoint

    @property
    def sentence(self) -> int:
        return self.claim.sentence


@dataclass(frozen=True, slots=True)
class PointContext:
    document: Document
    excluded: dict[int, str]
    """Sentence id -> why it may never be a point."""
    starts_in_quote: tuple[bool, ...]
    contradicted: frozenset[int]
    claims: tuple[ClaimEvidence, ...]


def point_context(document: Document, evidence: Evidence) -> PointContext:
    contradicted = {i for c in evidence.contradictions for i in c.sentences}
    contradicted |= {
        c.sentence for c in evidence.claims if any(s.type in _CONTRADICTING for s in c.signals)
    }
    return PointContext(
        document,
        excluded_sentences(document, evidence),
        _quoting(document),
        frozenset(contradicted),
        tuple(evidence.claims),
    )


def excluded_sentences(document: Document, evidence: Evidence) -> dict[int, str]:
    """Sentence id -> why it is never a point: not news prose, an order or a question (a
    point states a fact), the headline, or part of an instruction aimed at a model
    (`embedded_instructions`)."""
    found = dict.fromkeys(evidence.instruction_sentences(), "an instruction aimed at a model")
    not_prose = non_prose(document)
    for index, reason in not_prose.items():
        found.setdefault(index, f"not news prose: {reason}")
    for index, reason in not_statements(document).items():
        found.setdefault(index, f"states no fact: {reason}")
    title = headline(document, not_prose)
    if title is not None:
        found.setdefault(title, "the headline")
    return found


def never_cited(document: Document, evidence: Evidence) -> frozenset[int]:
    """Sentences no model-written point may rest on or copy: not news prose, part of an
    instruction aimed at a model, or an order or question to the reader (it states no fact).
    (The headline may be cited: its facts are the article's.)"""
    return withholding(document, evidence).uncited


def _quoting(document: Document) -> tuple[bool, ...]:
    """Whether each sentence starts inside a quote opened before it in its paragraph."""
    states: list[bool] = []
    inside, paragraph = False, -1
    for sentence in document.sentences:
        if sentence.paragraph != paragraph:
            inside, paragraph = False, sentence.paragraph
        inside = inside or first_mark_closes(sentence.text)
        states.append(inside)
        inside = inside_quote_after(sentence.text, inside)
    return tuple(states)


def make_point(context: PointContext, claim: ClaimEvidence) -> DraftPoint | None:
    """The point `claim`'s sentence makes, or None when it can make none (module docstring)."""
    if any(s.type == "unattributed_assertion" for s in claim.signals):
        return None
    sentence = context.document.sentences[claim.sentence]
    starts_inside = context.starts_in_quote[claim.sentence]
    label, named = _speaker(context, claim)
    replacements: list[Replacement] = [
        (s.start, s.end, s.suggestion) for s in claim.signals if s.type in WORDING
    ]
    text = rewrite(sentence.text, sentence.start, replacements + named)
    needs_speaker = (
        holds_speech(text, starts_inside)
        or claim.sentence in context.contradicted
        or claim.attribution.kind == "anonymous_source"
    )
    if needs_speaker and label is None:
        return None
    tagged = needs_speaker and label is not None and not names(text, label, starts_inside)
    room = POINT_MAX_CHARS - (len(f", {label} said.") + 1 if tagged else 0)
    cut = clause_cut(text, room, starts_inside)
    if cut is None or not whole_clause(cut, _opens_paragraph(context.document, claim.sentence)):
        return None
    if not _keeps_doubt(context.document, claim, cut):
        return None
    still_needed = needs_speaker and (cut == text or not _doubt_cut_away(context, claim, cut))
    text = _whole_quotes(cut, starts_inside)
    if still_needed and label is not None and not names(text, label):
        text = _tagged(text, label)
    if len(text.split()) < MIN_POINT_WORDS:
        return None
    return DraftPoint(text=text, sentences=[sentence.index])


def _speaker(context: PointContext, claim: ClaimEvidence) -> tuple[str | None, list[Replacement]]:
    """How the point names whoever asserts the sentence (None: nobody it can name), and the
    replacement of a pronoun for them by that name."""
    mention = _mention(context.document, claim)
    if mention is None or not is_pronoun(mention):
        return speaker_label(claim.attribution, mention), []
    if not _follows_speaker(context, claim):
        return None, []
    label = speaker_label(claim.attribution)
    if mention.lower() == "who":  # "X, who ..., said": the name stands before it
        return label, []
    return label, _pronoun_named(claim, context.document.sentences[claim.sentence].start, label)


def _opens_paragraph(document: Document, index: int) -> bool:
    sentences = document.sentences
    return index == 0 or sentences[index - 1].paragraph != sentences[index].paragraph


def _mention(document: Document, claim: ClaimEvidence) -> str | None:
    """The words of the claim's own sentence that name its source, if they are in it."""
    who = claim.attribution
    if who.source_start is None or who.source_end is None:
        return None
    if not claim.start <= who.source_start < who.source_end <= claim.end:
        return None
    return document.text[who.source_start : who.source_end]


def _follows_speaker(context: PointContext, claim: ClaimEvidence) -> bool:
    """Whether a pronoun for the speaker surely stands for the one the attribution layer names:
    the sentence before is theirs and names them. Read further back, "he" is only the latest
    person named, and a point must rather say nothing than put words in the wrong mouth."""
    if claim.sentence == 0 or claim.attribution.name is None:
        return False
    before = context.claims[claim.sentence - 1]
    name = claim.attribution.name
    text = context.document.sentences[before.sentence].text
    return before.attribution.name == name and name.split()[-1] in text


def _pronoun_named(claim: ClaimEvidence, offset: int, label: str | None) -> list[Replacement]:
    """'He added' -> 'Tedros added': a pronoun that stands for the speaker, replaced by the
    speaker's name, so the point names them in its own words."""
    who = claim.attribution
    if label is None or who.source_start is None or who.source_end is None:
        return []
    words = label[:1].upper() + label[1:] if who.source_start == offset else label
    return [(who.source_start, who.source_end, words)]


def _doubt_cut_away(context: PointContext, claim: ClaimEvidence, cut: str) -> bool:
    """Whether a cut left out everything that needed a speaker: the quote, with no
    contradiction or unnamed source to answer for."""
    starts_inside = context.starts_in_quote[claim.sentence]
    return not (
        holds_speech(cut, starts_inside)
        or claim.sentence in context.contradicted
        or claim.attribution.kind == "anonymous_source"
    )


def _keeps_doubt(document: Document, claim: ClaimEvidence, text: str) -> bool:
    """Whether the point still says what the report doubts it by ("reportedly", "could not be
    verified"): a cut must not drop the article's own reservation."""
    cues = [s for s in claim.signals if s.type in _CARRIED_CUES]
    return all(document.text[s.start : s.end].lower() in text.lower() for s in cues)


_CLOSING_DOUBLE = re.compile(r"[”\"]")
_DOUBLE_MARK = re.compile(r"[“”\"]")
_CLOSING_QUOTE_AT_END = re.compile(r"([.!?…]?)([”\"’])$")


def _whole_quotes(text: str, starts_inside: bool) -> str:
    """The text with its quotes whole: a quote opened in an earlier sentence is opened here
    too, and one this sentence leaves open is closed, so no point starts or ends inside one.
    Only double marks count: a single one is as often an apostrophe ("Paddock‘s")."""
    if starts_inside:
        first = _CLOSING_DOUBLE.search(text)
        text = ('"' if first is not None and first.group(0) == '"' else "“") + text
    opened = _open_double(text)
    if opened is not None:
        text += "”" if opened == "“" else '"'
    return text


def _open_double(text: str) -> str | None:
    """The double quote mark left open at the end of `text`, if any."""
    opened: str | None = None
    for mark in _DOUBLE_MARK.findall(text):
        if mark == "“":
            opened = mark
        elif mark == "”":
            opened = None
        else:
            opened = None if opened == '"' else '"'
    return opened


def _tagged(text: str, label: str) -> str:
    """'"We will rebuild."' -> '"We will rebuild," the governor said.'"""
    text = text.rstrip()
    quoted = _CLOSING_QUOTE_AT_END.search(text)
    if quoted is not None:
        stop = quoted.group(1)
        stop = "," if stop in {"", "."} else stop
        return f"{text[: quoted.start()]}{stop}{quoted.group(2)} {label} said."
    return f"{text.rstrip('.')}, {label} said."
