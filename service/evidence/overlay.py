"""A newsroom's overlay on the shipped detectors: what its editors' decisions taught, as data.

The desk (service/review/learning.py) keeps the rules an admin applied in its store and hands
them to the evidence layer as canonical JSON (`Settings.learnt_overlay`); nothing here reads a
store. Three kinds of rule, each for one flag type and one term (the flag's words, lower-cased,
spaces collapsed), everywhere or for one outlet:

- `suppress`: a flag of that type and detector on those words is not raised (editors rejected
  it again and again there);
- `cue`: those words raise a flag of that type (editors flagged them by hand again and again);
  the flag's detector is `newsroom`, so editors' decisions on it are tallied like any other;
- `confidence`: a flag of that type and detector on those words is raised with this
  confidence (editors accepted it every time).

Who asserts a sentence follows its sourcing flags (`learnt_attributions`): a sentence whose
unnamed source editors keep rejecting is the outlet's own (or unattributed) again, and one a
learnt `anonymous_source` cue marks ("seemed", "is expected") is an unnamed source's. The
detectors then run once more on the attributions so changed, so that every flag agrees with
them (no "no source" flag on a sentence with a source).

An empty overlay changes nothing: `apply_overlay` returns the findings it was given.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from schemas.verify import FlagType
from service.evidence.attribution.document import unsourced
from service.evidence.model import Attribution, Finding, Signal
from service.text import Document

RuleAction = Literal["suppress", "cue", "confidence"]
LEARNT_DETECTOR = "newsroom"
"""The detector of a flag a learnt cue raised."""
CUE_CONFIDENCE = 0.6
"""A learnt cue is as sure as the lexicon's plain tier: editors' hands, not a rule, found it."""
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Rule:
    action: RuleAction
    flag_type: FlagType
    term: str
    detector: str
    """The detector whose flags it suppresses or re-weighs; LEARNT_DETECTOR for a cue."""
    outlet: str | None = None
    """None: every article; else only articles of that outlet."""
    confidence: float | None = None


def normalized_term(words: str) -> str:
    """How a flag's words are compared: lower-cased, runs of whitespace as one space."""
    return _SPACES.sub(" ", words).strip().lower()


def overlay_json(rules: Iterable[Rule]) -> str:
    """The canonical text of a set of rules (sorted, compact): equal rules, equal text."""
    rows = sorted(
        (
            {
                "action": rule.action,
                "confidence": rule.confidence,
                "detector": rule.detector,
                "flag_type": rule.flag_type,
                "outlet": rule.outlet,
                "term": rule.term,
            }
            for rule in rules
        ),
        key=lambda row: json.dumps(row, sort_keys=True),
    )
    return json.dumps(rows, sort_keys=True, separators=(",", ":")) if rows else ""


@lru_cache(maxsize=8)
def parse_overlay(text: str) -> tuple[Rule, ...]:
    """The rules of `overlay_json`'s text; cached, as every analysis of a job passes the same."""
    if not text:
        return ()
    return tuple(Rule(**row) for row in json.loads(text))


def rules_for(text: str, outlet: str | None) -> tuple[Rule, ...]:
    """The rules that hold for an article of this outlet (None: the article names none)."""
    return tuple(rule for rule in parse_overlay(text) if rule.outlet in (None, outlet))


def learnt_attributions(
    document: Document,
    attributions: list[Attribution],
    findings: list[Finding],
    rules: tuple[Rule, ...],
) -> list[Attribution] | None:
    """The attributions the newsroom's sourcing rules make; None where they change nothing."""
    changed = list(attributions)
    for sentence, signal in _flags_of(findings):
        rule = _rule_on(signal, document.text, rules)
        if (
            rule is not None
            and rule.action == "suppress"
            and signal.type == "anonymous_source"
            and _sourced_by(changed[sentence], signal)
        ):
            changed[sentence] = unsourced(document.sentences[sentence].text)
    for sentence, signal in _flags_of(_cue_findings(document, rules)):
        if signal.type == "anonymous_source" and changed[sentence].kind in (
            "outlet",
            "unattributed",
        ):
            changed[sentence] = Attribution(
                "anonymous_source", source_start=signal.start, source_end=signal.end
            )
    return None if changed == list(attributions) else changed


def _flags_of(findings: Iterable[Finding]) -> Iterator[tuple[int, Signal]]:
    for finding in findings:
        yield from finding.flags


def _sourced_by(attribution: Attribution, signal: Signal) -> bool:
    """Whether the sentence's unnamed source is the one this flag stands on."""
    if attribution.kind != "anonymous_source":
        return False
    start, end = attribution.source_start, attribution.source_end
    return start is None or end is None or (start < signal.end and signal.start < end)


def apply_overlay(
    document: Document, findings: list[Finding], rules: tuple[Rule, ...]
) -> list[Finding]:
    """The detectors' findings with the newsroom's rules applied, and its learnt cues' flags."""
    if not rules:
        return findings
    text = document.text
    reweighed = (_reweighed(finding, text, rules) for finding in findings)
    kept = [finding for finding in reweighed if finding is not None]
    return kept + list(_cue_findings(document, rules))


def _reweighed(finding: Finding, text: str, rules: tuple[Rule, ...]) -> Finding | None:
    """The finding without its suppressed flags (None if nothing of it is left), re-weighed."""
    if not finding.flags:
        return finding
    flags = []
    changed = False
    for sentence, signal in finding.flags:
        rule = _rule_on(signal, text, rules)
        if rule is None:
            flags.append((sentence, signal))
            continue
        changed = True
        if rule.action == "confidence" and rule.confidence is not None:
            flags.append((sentence, replace(signal, confidence=rule.confidence)))
    if not changed:
        return finding
    if not flags and finding.contradiction is None and not finding.corroborated:
        return None
    return replace(finding, flags=tuple(flags))


def _rule_on(signal: Signal, text: str, rules: tuple[Rule, ...]) -> Rule | None:
    term = normalized_term(text[signal.start : signal.end])
    for rule in rules:
        if (
            rule.action != "cue"
            and rule.flag_type == signal.type
            and rule.detector == signal.detector
            and rule.term == term
        ):
            return rule
    return None


def _cue_findings(document: Document, rules: tuple[Rule, ...]) -> Iterator[Finding]:
    """Each learnt cue where it stands as whole words; a repeat points at its first use, as the
    lexicon's loaded terms do (the report shows the term once)."""
    suppressed = {(r.flag_type, r.term) for r in rules if r.action == "suppress"}
    for rule in rules:
        if rule.action != "cue" or (rule.flag_type, rule.term) in suppressed:
            continue
        first: int | None = None
        for start, end in _occurrences(document.text, rule.term):
            sentence = _sentence_at(document, start)
            if sentence is None:
                continue
            signal = Signal(
                rule.flag_type,
                start,
                end,
                f"Flagged by this newsroom's editors as {rule.flag_type.replace('_', ' ')} "
                "again and again (a learnt cue an admin applied).",
                LEARNT_DETECTOR,
                CUE_CONFIDENCE if rule.confidence is None else rule.confidence,
                first_use=first,
            )
            first = sentence if first is None else first
            yield Finding.flag(sentence, signal)


def _occurrences(text: str, term: str) -> Iterator[tuple[int, int]]:
    # Matched case-blind on the text itself: lower-casing it first may change its length.
    words = r"\s+".join(re.escape(word) for word in term.split(" "))
    for match in re.finditer(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE):
        yield match.start(), match.end()


def _sentence_at(document: Document, offset: int) -> int | None:
    for sentence in document.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    return None
