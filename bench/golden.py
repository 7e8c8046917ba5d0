"""Golden outputs of the evidence layer and fast /verify: `python bench/golden.py save|check FILE`.

Performance work on `service.evidence` must not change a single finding. `save` records, for
every seed article and every case of `eval/cases.jsonl` and `eval/holdout.jsonl` (with its
summary, when it has one), `analyze()` as JSON and the fast-mode /verify response minus the
fields that change per call (`id`, `latency_ms`); `check` recomputes them and reports the first
difference.
"""

import argparse
import asyncio
import dataclasses
import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from schemas.common import ArticleIn
from schemas.verify import VerifyRequest
from service.config import Settings
from service.eval.load import load_cases
from service.evidence import analyze
from service.llm import ModelClient
from service.llm.backend import configured_backend
from service.text import build_document
from service.verify.service import verify

EVAL = Path(__file__).resolve().parent.parent / "eval"
CASE_FILES = {"case": EVAL / "cases.jsonl", "holdout": EVAL / "holdout.jsonl"}
_VOLATILE = frozenset({"id", "latency_ms"})


def inputs() -> list[tuple[str, str, str | None]]:
    """(name, article, summary) for each seed article and each eval and holdout case."""
    folder = files("seeds").joinpath("articles")
    seeds = [
        (f"seed:{p.name}", p.read_text(encoding="utf-8"), None)
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".txt")
    ]
    cases = [
        (f"{prefix}:{c.id}", c.article, c.summary)
        for prefix, path in CASE_FILES.items()
        for c in load_cases(path)
    ]
    return seeds + cases


def _without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_volatile(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


async def outputs() -> dict[str, Any]:
    settings = Settings()
    model = ModelClient(settings, configured_backend(settings))
    result: dict[str, Any] = {}
    for name, article, summary in inputs():
        evidence = dataclasses.asdict(analyze(build_document(article)))
        request = VerifyRequest(article=ArticleIn(text=article), summary=summary, mode="fast")
        response = await verify(request, settings, model)
        result[name] = {
            "evidence": evidence,
            "verify": _without_volatile(response.model_dump(mode="json")),
        }
    return result


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _first_difference(old: Any, new: Any, path: str = "") -> str | None:
    if type(old) is not type(new):
        return f"{path}: {old!r} != {new!r}"
    if isinstance(old, dict):
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                return f"{path}/{key}: only in {'new' if key in new else 'golden'}"
            found = _first_difference(old[key], new[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(old, list):
        if len(old) != len(new):
            return f"{path}: {len(old)} items in golden, {len(new)} now"
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            found = _first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if old == new else f"{path}: {old!r} != {new!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("file", type=Path)
    args = parser.parse_args()
    current = _dump(asyncio.run(outputs()))
    if args.action == "save":
        args.file.write_text(current, encoding="utf-8")
        print(f"saved golden outputs of {len(json.loads(current))} articles to {args.file}")
        return 0
    golden = args.file.read_text(encoding="utf-8")
    if golden == current:
        print(f"identical: {len(json.loads(current))} articles, byte for byte")
        return 0
    difference = _first_difference(json.loads(golden), json.loads(current))
    print(f"DIFFERENT: {difference or 'formatting only'}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
