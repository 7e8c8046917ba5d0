"""The evaluation harness: labeled cases, the real `verify`, and the figures that follow."""

from service.eval.evaluate import Evaluation, evaluate
from service.eval.labels import Case, CaseFileError, ExpectedFlag
from service.eval.load import load_any, load_cases, load_properties
from service.eval.run import Outcome, run_cases

__all__ = [
    "Case",
    "CaseFileError",
    "Evaluation",
    "ExpectedFlag",
    "Outcome",
    "evaluate",
    "load_any",
    "load_cases",
    "load_properties",
    "run_cases",
]
