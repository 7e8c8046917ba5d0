"""Reading cases files (JSONL) and seed properties files (`<name>.expected.json`)."""

import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.eval.labels import (
    Case,
    CaseFileError,
    CaseLabel,
    ContradictionLabel,
    FlagLabel,
    StatusLabel,
    read_article_file,
    resolve_case,
)

PROPERTIES_SUFFIX = ".expected.json"

_Model = TypeVar("_Model", bound=BaseModel)


def load_cases(path: Path) -> list[Case]:
    """Every case of a JSONL file; blank lines and `//` comment lines are skipped."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for number, line in enumerate(_read_lines(path), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        origin = f"{path}:{number}"
        case = _case_from_line(line, origin, path.parent)
        if case.id in seen:
            raise CaseFileError(origin, "id", f"{case.id!r} already used at {seen[case.id]}")
        seen[case.id] = origin
        cases.append(case)
    return cases


def load_any(path: Path) -> list[Case]:
    """A cases file or a properties file, told apart by name."""
    if path.name.endswith(PROPERTIES_SUFFIX):
        return [load_properties(path)]
    return load_cases(path)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError(str(path), "-", f"cannot read the file: {error}") from error


def _case_from_line(line: str, origin: str, base: Path) -> Case:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        raise CaseFileError(
            origin, "-", f"not valid JSON ({error.msg} at column {error.colno})"
        ) from error
    label = _validated(CaseLabel, raw, origin)
    if label.article_file is not None:
        article = read_article_file(label.article_file, base, origin, "article_file")
    else:
        article = label.article or ""
    return resolve_case(label, article, origin)


def _validated(model: type[_Model], raw: Any, origin: str) -> _Model:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = _field_path(first["loc"])
        raise CaseFileError(origin, field, first["msg"]) from error


def _field_path(location: tuple[int | str, ...]) -> str:
    """`expected_flags[2].text`, as a person would write it."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path.lstrip(".") or "-"


# ---- properties files: what a good report on one seed article must contain ----


class PropertiesLabel(BaseModel):
    """`seeds/articles/<name>.expected.json`; the article is `<name>.txt` beside it."""

    model_config = ConfigDict(extra="forbid")

    article_file: str | None = None
    flags: list[FlagLabel] = Field(default_factory=list)
    contradictions: list[ContradictionLabel] = Field(default_factory=list)
    statuses: list[StatusLabel] = Field(default_factory=list)
    notes: str | None = None


def load_properties(path: Path) -> Case:
    origin = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CaseFileError(origin, "-", f"cannot read it as JSON: {error}") from error
    properties = _validated(PropertiesLabel, raw, origin)
    name = path.name.removesuffix(PROPERTIES_SUFFIX)
    relative = properties.article_file or f"{name}.txt"
    article = read_article_file(relative, path.parent, origin, "article_file")
    label = CaseLabel(
        id=name,
        article_file=relative,
        expected_flags=properties.flags,
        expected_contradictions=properties.contradictions,
        expected_statuses=properties.statuses,
        notes=properties.notes,
        # A properties file lists what a report must contain, not everything it may contain.
        exhaustive=False,
    )
    return _with_field_names_of_properties(label, article, origin)


def _with_field_names_of_properties(label: CaseLabel, article: str, origin: str) -> Case:
    # Errors should name the field as the properties file spells it, not the case format.
    try:
        return resolve_case(label, article, origin)
    except CaseFileError as error:
        field = error.field.replace("expected_", "", 1)
        raise CaseFileError(origin, field, error.problem) from error
