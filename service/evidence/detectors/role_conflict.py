"""One person given two different offices in one article: "Mayor Jane Doe" ... "Governor Jane
Doe". A qualified title ("former Mayor", "acting Governor") is history or a stand-in, not a
conflict, and is left alone."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from service.evidence.context import AnalysisContext
from service.evidence.model import Finding
from service.evidence.names import lookup_key
from service.evidence.prefilter import finditer_at_capitals
from service.resources import read_lexicon_rows

_NAME = r"(?P<name>[A-Z][\w’'-]*[a-z](?:\s+[A-Z][\w’'-]*[a-z]){1,2})"
_QUALIFIED = re.compile(
    r"\b(?:former|ex|then|acting|interim|deputy|vice|lieutenant|future|incoming|outgoing|"
    r"would-be|late)[\s-]+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Titled:
    sentence: int
    start: int
    end: int
    office: str
    name: str


class RoleConflict:
    name = "role_conflict"

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        offices, pattern = _titles()
        first_by_person: dict[str, _Titled] = {}
        for mention in _mentions(ctx, pattern, offices):
            person = lookup_key(mention.name)
            first = first_by_person.setdefault(person, mention)
            if first.office != mention.office and first.sentence != mention.sentence:
                yield _conflict(ctx, first, mention)
                first_by_person[person] = mention


def _mentions(
    ctx: AnalysisContext, pattern: re.Pattern[str], offices: dict[str, str]
) -> Iterator[_Titled]:
    # every match holds a title as written, so its sentence holds it lower-cased too
    for sentence in ctx.sentences_having(_lowered_titles()):
        for match in finditer_at_capitals(pattern, sentence.text):
            if _QUALIFIED.search(sentence.text, 0, match.start()):
                continue
            yield _Titled(
                sentence.index,
                sentence.start + match.start(),
                sentence.start + match.end(),
                offices[match.group("title")],
                match.group("name"),
            )


def _conflict(ctx: AnalysisContext, first: _Titled, later: _Titled) -> Finding:
    text = ctx.document.text
    explanation = (
        f"'{text[first.start : first.end]}' and '{text[later.start : later.end]}': the article "
        f"gives {later.name} two different offices ({first.office}, {later.office})."
    )
    spans = {first.sentence: (first.start, first.end), later.sentence: (later.start, later.end)}
    return Finding.between("role", spans, explanation, 0.7, "rule:role_conflict")


@lru_cache(maxsize=1)
def _lowered_titles() -> tuple[str, ...] | None:
    """The titles lower-cased as `prefilter.lowered` lowers a sentence (None, every sentence, if
    one is not ASCII: how some letters lower depends on their neighbours)."""
    titles = _titles()[0]
    return tuple(title.lower() for title in titles) if all(map(str.isascii, titles)) else None


@lru_cache(maxsize=1)
def _titles() -> tuple[dict[str, str], re.Pattern[str]]:
    """Title -> office from `office_titles.tsv`, and one pattern for "<title> <Name>"."""
    offices = {title: office for title, office in read_lexicon_rows("office_titles.tsv")}
    titles = "|".join(re.escape(t) for t in sorted(offices, key=len, reverse=True))
    return offices, re.compile(rf"\b(?P<title>{titles})\s+{_NAME}\b")
