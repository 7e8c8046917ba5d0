"""What `deskcheck eval` does once its arguments are read (`service.eval.command`)."""

import argparse
import json
import sys
from pathlib import Path

from service.config import get_settings
from service.eval.datasets import resolve_format, score_public
from service.eval.evaluate import evaluate
from service.eval.figures import report_json, report_text
from service.eval.formats import PublicFormat
from service.eval.labels import Case, CaseFileError
from service.eval.load import load_any
from service.eval.report import as_json, as_text
from service.eval.run import run_cases


def run_eval(args: argparse.Namespace) -> int:
    public = resolve_format(args.files, getattr(args, "format", "auto"))
    if public is not None:
        return _run_public(public, args)
    try:
        cases = _load_all(args.files)
    except CaseFileError as error:
        print(f"deskcheck eval: {error}", file=sys.stderr)
        return 2
    outcomes = run_cases(cases, args.mode, get_settings())
    evaluation = evaluate(outcomes, args.only_type)
    if args.json:
        print(json.dumps(as_json(evaluation, args.mode, args.show_misses), indent=2))
    else:
        print(as_text(evaluation, args.mode, args.show_misses))
    return 0


def _run_public(kind: PublicFormat, args: argparse.Namespace) -> int:
    if len(args.files) != 1 or (args.mode != "fast" and kind != "realsumm"):
        print(
            "deskcheck eval: a public dataset is scored alone, in fast mode (REALSumm also in "
            "full mode: the configured model writes the summaries)",
            file=sys.stderr,
        )
        return 2
    try:
        report = score_public(kind, args.files[0], get_settings(), args.limit, args.mode)
    except CaseFileError as error:
        print(f"deskcheck eval: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report_json(report), indent=2) if args.json else report_text(report))
    return 0


def _load_all(paths: list[Path]) -> list[Case]:
    cases: list[Case] = []
    for path in paths:
        cases += load_any(path)
    duplicates = sorted({c.id for c in cases if [d.id for d in cases].count(c.id) > 1})
    if duplicates:
        raise CaseFileError(
            ", ".join(map(str, paths)),
            "id",
            f"case ids used more than once across files: {duplicates}",
        )
    return cases
