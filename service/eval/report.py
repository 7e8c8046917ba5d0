"""The evaluation as a readable table or as JSON (same figures, same names)."""

from statistics import fmean, median
from typing import Any, get_args

from schemas.verify import ContradictionType, FlagType
from service.eval.evaluate import Evaluation, Miss
from service.eval.score import Counts, Scores, balanced_accuracy, macro, micro, scores

_FLAG_ORDER = list(get_args(FlagType))
_CONTRADICTION_ORDER = list(get_args(ContradictionType))


def as_json(evaluation: Evaluation, mode: str, show_misses: bool) -> dict[str, Any]:
    accuracy, per_class = balanced_accuracy(evaluation.verdict_gold, evaluation.verdict_predicted)
    report: dict[str, Any] = {
        "mode": mode,
        "cases": evaluation.cases,
        "partial_cases": evaluation.partial_cases,
        "flags": _table_json(evaluation.flags, _FLAG_ORDER),
        "contradictions": _table_json(evaluation.contradictions, _CONTRADICTION_ORDER),
        "verdicts": {
            "rows": len(evaluation.verdict_gold),
            "balanced_accuracy": accuracy,
            "per_class": {k: {"correct": c, "total": t} for k, (c, t) in per_class.items()},
        },
        "statuses": {
            "passed": sum(check.passed for check in evaluation.statuses),
            "total": len(evaluation.statuses),
        },
        "timing_ms": _timing(evaluation.seconds),
        "errors": [{"case": case, "error": error} for case, error in evaluation.errors],
        "warnings": evaluation.warnings,
    }
    if show_misses:
        report["misses"] = [_miss_json(m) for m in evaluation.misses]
        report["status_failures"] = [
            {
                "case": s.case_id,
                "text_contains": s.text_contains,
                "expected": s.expected,
                "got": list(s.got),
            }
            for s in evaluation.statuses
            if not s.passed
        ]
    return report


def _table_json(per_type: dict[str, Counts], order: list[str]) -> dict[str, Any]:
    rows = {
        name: {
            "expected": c.expected,
            "predicted": c.predicted,
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
            **_scores_json(scores(c)),
        }
        for name, c in _ordered(per_type, order)
    }
    return {
        "per_type": rows,
        "micro": _scores_json(micro(per_type)),
        "macro": _scores_json(macro(per_type)),
    }


def _scores_json(s: Scores) -> dict[str, float | None]:
    return {"precision": s.precision, "recall": s.recall, "f1": s.f1}


def _miss_json(miss: Miss) -> dict[str, str]:
    return {
        "case": miss.case_id,
        "kind": miss.kind,
        "type": miss.type,
        "text": miss.text,
        "context": miss.context,
        "detector": miss.detector,
    }


def _timing(seconds: list[float]) -> dict[str, float | None]:
    if not seconds:
        return {"mean": None, "median": None}
    return {"mean": round(fmean(seconds) * 1000, 2), "median": round(median(seconds) * 1000, 2)}


def _ordered(per_type: dict[str, Counts], order: list[str]) -> list[tuple[str, Counts]]:
    return sorted(per_type.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)


# ---- text ----


def as_text(evaluation: Evaluation, mode: str, show_misses: bool) -> str:
    lines = [f"deskcheck eval: {evaluation.cases} cases, mode {mode}", *_partial_note(evaluation)]
    lines += _table_text("flag type", evaluation.flags, _FLAG_ORDER)
    if evaluation.contradictions:
        lines += [
            "",
            *_table_text("contradiction", evaluation.contradictions, _CONTRADICTION_ORDER),
        ]
    lines += ["", *_verdicts_text(evaluation), *_statuses_text(evaluation)]
    timing = _timing(evaluation.seconds)
    lines.append(f"time per article: mean {timing['mean']} ms, median {timing['median']} ms")
    lines += [f"error: {case}: {error}" for case, error in evaluation.errors]
    lines += [f"warning: {warning}" for warning in evaluation.warnings]
    if show_misses:
        lines += ["", *_misses_text(evaluation)]
    return "\n".join(lines)


def _partial_note(evaluation: Evaluation) -> list[str]:
    if not evaluation.partial_cases:
        return [""]
    return [
        f"({evaluation.partial_cases} case(s) list minimum properties only: their unlabeled "
        "predictions are not counted, so precision there means nothing)",
        "",
    ]


_HEADER = f"{'':<24}{'exp':>5}{'pred':>6}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}"


def _table_text(title: str, per_type: dict[str, Counts], order: list[str]) -> list[str]:
    lines = [title + _HEADER[len(title) :], "-" * len(_HEADER)]
    for name, c in _ordered(per_type, order):
        figures = f"{c.expected:>5}{c.predicted:>6}{c.tp:>5}{c.fp:>5}{c.fn:>5}"
        lines.append(f"{name:<24}{figures}{_scores_text(scores(c))}")
    lines.append("-" * len(_HEADER))
    lines.append(f"{'micro average':<50}{_scores_text(micro(per_type))}")
    lines.append(f"{'macro average':<50}{_scores_text(macro(per_type))}")
    return lines


def _scores_text(s: Scores) -> str:
    return "".join(f"{_figure(v):>7}" for v in (s.precision, s.recall, s.f1))


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _verdicts_text(evaluation: Evaluation) -> list[str]:
    accuracy, per_class = balanced_accuracy(evaluation.verdict_gold, evaluation.verdict_predicted)
    if accuracy is None:
        return ["summary verdicts: none labeled"]
    classes = ", ".join(f"{k} {c}/{t}" for k, (c, t) in sorted(per_class.items()))
    return [
        f"summary verdicts: balanced accuracy {accuracy:.2f} over "
        f"{len(evaluation.verdict_gold)} sentences ({classes})"
    ]


def _statuses_text(evaluation: Evaluation) -> list[str]:
    if not evaluation.statuses:
        return []
    passed = sum(check.passed for check in evaluation.statuses)
    return [f"claim statuses: {passed}/{len(evaluation.statuses)} as expected"]


def _misses_text(evaluation: Evaluation) -> list[str]:
    lines = ["misses (FN = expected but not reported, FP = reported but not expected):"]
    for miss in sorted(evaluation.misses, key=lambda m: (m.type, m.kind, m.case_id)):
        tag = "FN" if miss.kind == "missed" else "FP"
        by = f" [{miss.detector}]" if miss.detector else ""
        lines.append(f"  {tag} {miss.type:<22} {miss.case_id}: {miss.text!r}{by}")
        lines.append(f"       {miss.context}")
    for check in evaluation.statuses:
        if not check.passed:
            got = ", ".join(check.got) or "no claim contains it"
            lines.append(
                f"  STATUS {check.case_id}: {check.text_contains!r} expected "
                f"{check.expected}, got {got}"
            )
    return lines
