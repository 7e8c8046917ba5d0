"""PolNeAR (brat standoff): who says what, against human-marked attribution relations.

A folder with `text/<name>.txt` and `attributions/<name>_<annotator>.ann`. The `.ann` files hold
`T` spans (Source, Cue, Content, ...) and `E` relations `Attribution:T4 Source:T1 Cue:T2
Content:T3`; a relation may lack a Source (`Attribution-no-source`). Offsets are characters of
the UTF-8 text as stored (no newline translation); a span may have fragments `s e;s e`.

Gold = each relation's Content span and Source span. A predicted claim (`asserted_by.kind`
named_source or anonymous_source) matches a relation when the claim's span overlaps the Content
and its source mention (`asserted_by.start`/`end`) overlaps the Source; for a sourceless
relation, when the claim is anonymous_source. Precision over predicted claims, recall over
relations.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from schemas.verify import Claim
from service.eval.fast import FastRunner
from service.eval.figures import Figure, PublicReport, Section, f1, ratio, timed
from service.eval.labels import CaseFileError
from service.eval.score import overlaps

Span = tuple[int, int]
_SOURCED_KINDS = ("named_source", "anonymous_source")
_ENTRY = re.compile(r"[A-Z#]\d*\t")


@dataclass(frozen=True, slots=True)
class Relation:
    content: tuple[Span, ...]
    source: tuple[Span, ...]
    """Empty for a sourceless relation."""
    cue: tuple[Span, ...] = ()
    """The words that attribute ("said", "according to"); the replay bench adds them as an
    editor's flags."""


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    name: str
    text: str
    relations: tuple[Relation, ...]
    quotes_checked: int = 0
    """How many annotated strings were compared with `text[start:end]`..."""
    quotes_differing: tuple[str, ...] = field(default=())
    """...and which of them differ (there should be none)."""


def is_polnear(path: Path) -> bool:
    return (path / "text").is_dir() and (path / "attributions").is_dir()


def load_polnear(folder: Path) -> tuple[list[PolnearArticle], list[str]]:
    """The articles with their relations, and notes on what was left out."""
    by_text: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        by_text.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    notes = []
    several = [name for name, anns in by_text.items() if len(anns) > 1]
    if several:
        # A few texts were annotated by several people (an agreement sample); scoring each copy
        # would count those texts several times, so the first file in name order stands.
        notes.append(
            f"{len(several)} texts have several annotation files; the first in name order is used"
        )
    articles = [_article(folder, name, anns[0]) for name, anns in sorted(by_text.items())]
    return articles, notes


def _article(folder: Path, name: str, ann: Path) -> PolnearArticle:
    text_path = folder / "text" / f"{name}.txt"
    if not text_path.is_file():
        raise CaseFileError(str(ann), "-", f"no text file {text_path.name} for it")
    text = text_path.read_bytes().decode("utf-8")
    spans, quotes, relations = _parse_ann(ann)
    differing = tuple(
        f"{ann.name} {tid}" for tid, quote in quotes.items() if _quoted(text, spans[tid]) != quote
    )
    return PolnearArticle(name, text, tuple(relations), len(quotes), differing)


def _quoted(text: str, fragments: tuple[Span, ...]) -> str:
    # brat writes the fragments of a discontinuous span joined by one space.
    return " ".join(text[start:end] for start, end in fragments)


def _parse_ann(ann: Path) -> tuple[dict[str, tuple[Span, ...]], dict[str, str], list[Relation]]:
    spans: dict[str, tuple[Span, ...]] = {}
    quotes: dict[str, str] = {}
    events: list[tuple[str, list[str]]] = []
    for number, entry in enumerate(_entries(ann), start=1):
        origin = f"{ann}:{number}"
        tag, _, rest = entry.partition("\t")
        if tag.startswith("T"):
            head, _, quote = rest.partition("\t")
            spans[tag] = _fragments(head.split(" ", 1)[1], origin)
            quotes[tag] = quote
        elif tag.startswith("E"):
            events.append((origin, rest.split()))
    return spans, quotes, [_relation(origin, args, spans) for origin, args in events]


def _entries(ann: Path) -> list[str]:
    """One string per brat entry; an annotated string holding a newline spans several lines."""
    entries: list[str] = []
    for line in ann.read_bytes().decode("utf-8").removesuffix("\n").split("\n"):
        if _ENTRY.match(line) or not entries:
            entries.append(line)
        else:
            entries[-1] += "\n" + line
    return [entry for entry in entries if entry.strip()]


def _fragments(offsets: str, origin: str) -> tuple[Span, ...]:
    try:
        pairs = [part.split() for part in offsets.split(";")]
        return tuple((int(start), int(end)) for start, end in pairs)
    except ValueError as error:
        raise CaseFileError(origin, "-", f"cannot read the offsets {offsets!r}") from error


def _relation(origin: str, args: list[str], spans: dict[str, tuple[Span, ...]]) -> Relation:
    content: list[Span] = []
    source: list[Span] = []
    cue: list[Span] = []
    for arg in args[1:]:  # args[0] is the trigger, `Attribution:T4`
        role, _, tid = arg.partition(":")
        if tid not in spans:
            raise CaseFileError(origin, role, f"refers to {tid}, which is not defined")
        if role.startswith("Content"):  # Content, Content2, ...
            content += spans[tid]
        elif role == "Source":
            source += spans[tid]
        elif role == "Cue":
            cue += spans[tid]
    return Relation(tuple(content), tuple(source), tuple(cue))


# ---- scoring ----


@dataclass(slots=True)
class _Tally:
    claims: int = 0
    correct: int = 0
    relations: int = 0
    found: int = 0

    def figures(self, what: str, articles: int) -> tuple[Figure, ...]:
        precision, recall = ratio(self.correct, self.claims), ratio(self.found, self.relations)
        return (
            Figure(f"{what} precision", precision, self.claims, "sourced claims"),
            Figure(f"{what} recall", recall, self.relations, "relations"),
            Figure(f"{what} F1", f1(precision, recall), articles, "articles"),
        )


def score_polnear(
    articles: list[PolnearArticle], runner: FastRunner, source: str, notes: list[str]
) -> PublicReport:
    report = PublicReport("polnear", source, notes=list(notes))
    strict, content_only = _Tally(), _Tally()
    for article in articles:
        started = time.perf_counter()
        claims = _sourced_claims(article, runner, report)
        timed(report, article.name, started)
        _tally(strict, claims, article.relations, claim_matches)
        _tally(content_only, claims, article.relations, content_overlaps)
    report.sections += [
        Section(
            "attribution: content + source (PolNeAR)",
            strict.figures("content+source", len(articles)),
        ),
        Section(
            "secondary, content overlap only (flagging every sentence scores high here)",
            content_only.figures("content-only", len(articles)),
        ),
    ]
    report.notes += _quote_check_notes(articles)
    return report


def _sourced_claims(article: PolnearArticle, runner: FastRunner, into: PublicReport) -> list[Claim]:
    response = runner.verify_or_report(article.text, article.name, into.errors)
    if response is None:
        return []
    return [claim for claim in response.claims if claim.asserted_by.kind in _SOURCED_KINDS]


def _tally(
    into: _Tally,
    claims: list[Claim],
    relations: tuple[Relation, ...],
    match: Callable[[Claim, Relation], bool],
) -> None:
    into.claims += len(claims)
    into.relations += len(relations)
    into.correct += sum(any(match(claim, r) for r in relations) for claim in claims)
    into.found += sum(any(match(claim, r) for claim in claims) for r in relations)


def content_overlaps(claim: Claim, relation: Relation) -> bool:
    return any(overlaps(claim.start, claim.end, s, e) for s, e in relation.content)


def claim_matches(claim: Claim, relation: Relation) -> bool:
    if not content_overlaps(claim, relation):
        return False
    if not relation.source:
        return claim.asserted_by.kind == "anonymous_source"
    start, end = claim.asserted_by.start, claim.asserted_by.end
    if start is None or end is None:
        return False
    return any(overlaps(start, end, s, e) for s, e in relation.source)


def _quote_check_notes(articles: list[PolnearArticle]) -> list[str]:
    checked = sum(a.quotes_checked for a in articles)
    differing = [quote for a in articles for quote in a.quotes_differing]
    same = checked - len(differing)
    note = f"text[start:end] equals the annotated string for {same} of {checked} spans"
    return [note + (f"; differing: {differing[:5]}" if differing else "")]
