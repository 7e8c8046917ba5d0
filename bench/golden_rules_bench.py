"""The segmenter against the Pragmatic Segmenter's English Golden Rules, as pySBD tests itself:
`python bench/golden_rules_bench.py PATH/test_english.py [--runs N]` (without a path it says
so and measures nothing, so `make bench` passes).

The cases are not shipped here: give the path of pySBD's `tests/lang/test_english.py`
(nipunsadvilkar/pySBD @ 5905f13be4fc95f407b98392e0ec303617a33d86, MIT), fetched into a scratch
folder outside the repository. The list `GOLDEN_EN_RULES_TEST_CASES` is read from it as data
(the file is parsed, never imported or run). A case passes when the sentences of
`build_document(text)`, stripped, equal the expected ones, as in pySBD's own test. Prints
passed/total, each failure with what came out, and the segmenter's cost per 1,000 words over
the cases (median of --runs).
"""

import argparse
import ast
import statistics
import time
from pathlib import Path

from service.text import build_document

Case = tuple[str, list[str]]
_CASES = "GOLDEN_EN_RULES_TEST_CASES"


def load_cases(path: Path) -> list[Case]:
    """The (text, expected sentences) pairs of `GOLDEN_EN_RULES_TEST_CASES`, `pytest.param(...)`
    entries included (their marks are ignored: every case counts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == _CASES for t in node.targets)
            and isinstance(node.value, ast.List)
        ):
            cases: list[Case] = []
            for element in node.value.elts:
                parts = element.args[:2] if isinstance(element, ast.Call) else element
                if isinstance(parts, ast.Tuple):
                    parts = parts.elts
                text, expected = (ast.literal_eval(part) for part in parts)  # type: ignore[union-attr]
                cases.append((text, [s.strip() for s in expected]))
            return cases
    raise SystemExit(f"no {_CASES} list in {path}")


def segment(text: str) -> list[str]:
    return [s.text.strip() for s in build_document(text).sentences]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "path", type=Path, nargs="?", help="pySBD's tests/lang/test_english.py (outside the repo)"
    )
    parser.add_argument("--runs", type=int, default=200, help="timing runs over all cases")
    args = parser.parse_args()
    if args.path is None:  # `make bench` runs every script bare: nothing to measure, not a failure
        print("skipped: give the path of pySBD's tests/lang/test_english.py (see --help)")
        return
    cases = load_cases(args.path)
    failures = [
        (text, expected, got) for text, expected in cases if (got := segment(text)) != expected
    ]
    for text, expected, got in failures:
        print(f"FAIL {text!r}\n  expected {expected!r}\n  got      {got!r}")
    words = sum(len(text.split()) for text, _ in cases)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for text, _ in cases:
            build_document(text)
        timings.append((time.perf_counter() - started) * 1000)
    per_k = statistics.median(timings) * 1000 / words
    print(
        f"SUMMARY golden rules passed {len(cases) - len(failures)}/{len(cases)}; "
        f"segmentation {per_k:.2f} ms per 1,000 words (median of {args.runs}, {words} words)"
    )


if __name__ == "__main__":
    main()
