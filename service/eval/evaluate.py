"""From what the service reported on each case to counts, misses and checks."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from schemas.verify import ClaimStatus, Verdict
from service.eval.labels import ExpectedContradiction, ExpectedFlag
from service.eval.run import FoundContradiction, Outcome
from service.eval.score import Counts, Found, max_matching, overlaps

_CONTEXT_CHARS = 50


@dataclass(frozen=True, slots=True)
class Miss:
    """A false negative or false positive, with enough text around it to see why."""

    case_id: str
    kind: Literal["missed", "false_positive"]
    type: str
    text: str
    context: str
    detector: str = ""


@dataclass(frozen=True, slots=True)
class StatusCheck:
    case_id: str
    text_contains: str
    expected: ClaimStatus
    got: tuple[str, ...]
    """Statuses of the claims containing the text; empty when no claim contains it."""

    @property
    def passed(self) -> bool:
        return self.expected in self.got


@dataclass(slots=True)
class Evaluation:
    cases: int = 0
    partial_cases: int = 0
    """Cases whose labels are a minimum (properties files): they add no false positives."""
    flags: dict[str, Counts] = field(default_factory=dict)
    contradictions: dict[str, Counts] = field(default_factory=dict)
    verdict_gold: list[Verdict] = field(default_factory=list)
    verdict_predicted: list[Verdict | None] = field(default_factory=list)
    statuses: list[StatusCheck] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def evaluate(outcomes: Sequence[Outcome], only_type: str | None = None) -> Evaluation:
    """Score every outcome; `only_type` restricts the flag figures to one flag type."""
    result = Evaluation(cases=len(outcomes))
    result.partial_cases = sum(not o.case.exhaustive for o in outcomes)
    for outcome in outcomes:
        _score_flags(outcome, only_type, result)
        _score_contradictions(outcome, result)
        _score_verdicts(outcome, result)
        result.statuses += _check_statuses(outcome)
        result.seconds.append(outcome.seconds)
        if outcome.error is not None:
            result.errors.append((outcome.case.id, outcome.error))
    return result


def _score_flags(outcome: Outcome, only_type: str | None, into: Evaluation) -> None:
    expected = [f for f in outcome.case.flags if only_type in (None, f.type)]
    predicted = [f for f in outcome.flags if only_type in (None, f.type)]
    pairs = max_matching(expected, predicted, _flag_matches)
    matched_e, matched_p = {e for e, _ in pairs}, {p for _, p in pairs}
    for i, flag in enumerate(expected):
        counts = into.flags.setdefault(flag.type, Counts())
        if i in matched_e:
            counts.tp += 1
        else:
            counts.fn += 1
            into.misses.append(_miss(outcome, "missed", flag.type, flag.start, flag.end))
    if not outcome.case.exhaustive:
        return
    for i, found in enumerate(predicted):
        counts = into.flags.setdefault(found.type, Counts())
        if i not in matched_p:
            counts.fp += 1
            into.misses.append(
                _miss(outcome, "false_positive", found.type, found.start, found.end, found.detector)
            )


def _flag_matches(expected: ExpectedFlag, found: Found) -> bool:
    return expected.type == found.type and overlaps(
        expected.start, expected.end, found.start, found.end
    )


def _score_contradictions(outcome: Outcome, into: Evaluation) -> None:
    expected, predicted = outcome.case.contradictions, outcome.contradictions
    pairs = max_matching(expected, predicted, _contradiction_matches)
    matched_e, matched_p = {e for e, _ in pairs}, {p for _, p in pairs}
    for i, item in enumerate(expected):
        counts = into.contradictions.setdefault(item.type, Counts())
        counts.tp, counts.fn = counts.tp + (i in matched_e), counts.fn + (i not in matched_e)
    if not outcome.case.exhaustive:
        return
    for i, found in enumerate(predicted):
        counts = into.contradictions.setdefault(found.type, Counts())
        counts.fp += i not in matched_p


def _contradiction_matches(expected: ExpectedContradiction, found: FoundContradiction) -> bool:
    # Quoted statements are optional; when given, one of them must lie in a claim it names.
    if expected.type != found.type:
        return False
    return not expected.spans or any(
        overlaps(s, e, fs, fe) for s, e in expected.spans for fs, fe in found.spans
    )


def _score_verdicts(outcome: Outcome, into: Evaluation) -> None:
    gold = outcome.case.verdicts
    if gold is None:
        return
    predicted = list(outcome.verdicts or ())
    if len(predicted) != len(gold) and outcome.error is None:
        into.warnings.append(
            f"{outcome.case.id}: {len(gold)} expected verdicts but the service split the "
            f"summary into {len(predicted)} sentences; rows are compared in order"
        )
    padded: list[Verdict | None] = [*predicted[: len(gold)]]
    padded += [None] * (len(gold) - len(padded))
    into.verdict_gold += gold
    into.verdict_predicted += padded


def _check_statuses(outcome: Outcome) -> list[StatusCheck]:
    checks = []
    for wanted in outcome.case.statuses:
        got = tuple(c.status for c in outcome.claims if wanted.text_contains in c.text)
        checks.append(StatusCheck(outcome.case.id, wanted.text_contains, wanted.status, got))
    return checks


def _miss(
    outcome: Outcome,
    kind: Literal["missed", "false_positive"],
    flag_type: str,
    start: int,
    end: int,
    detector: str = "",
) -> Miss:
    article = outcome.case.article
    before = article[max(0, start - _CONTEXT_CHARS) : start]
    after = article[end : end + _CONTEXT_CHARS]
    context = " ".join(f"…{before}[{article[start:end]}]{after}…".split())
    return Miss(outcome.case.id, kind, flag_type, article[start:end], context, detector)
