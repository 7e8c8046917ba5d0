"""Loaded-language lexicon and framing rules: data files editors extend, loaded once.

Two tiers of words. The curated tier (`loaded_language.tsv`, written by hand, with a category and
a neutral suggestion) is flagged wherever it occurs. The VADER tier (`emotive_vader.tsv`,
generated from VADER's sentiment lexicon by `scripts/build_loaded_lexicon.py`) is flagged with a
confidence scaled by the word's valence, except words that are common in English
(`news_common_words.tsv`, from wordfreq) or are the plain word for an event
(`news_plain_terms.tsv`): sentiment is not slant when there is no other word for a killing.
Framing patterns (`framing.tsv`) are regular expressions, for wording a word list cannot hold.
A single word used literally or technically where it stands ("shattered windows", "chemical
irritant", an "overweight" rating) is not flagged, nor a VADER word whose main sense names an
act, an event or its doer ("insults", "perjury"), nor a superlative that ranks ("the most
devastating attack in decades") or a VADER word that says what state its subject is in
("experts are fearful"): see `literal_use.py`. A capitalised word is
part of a name: a VADER word always, a curated term inside a run of capitalised words.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from schemas.verify import FlagType
from service.evidence.lexicon_tables import (
    LexiconEntry,
    Words,
    framing_rules,
    intensifiers,
    loaded_language_lexicon,
)
from service.evidence.literal_use import (
    literal_reason,
    names_what_happened,
    reported_reason,
    stated_reason,
)
from service.evidence.name_calling import labelled
from service.evidence.prefilter import FoldedPattern, lowered, lowered_words

CURATED_CONFIDENCE = 0.85
QUOTED_FACTOR = 0.75
"""Inside a direct quote the words are the speaker's: still shown (an editor decides whether
to run the quote), less sure as the outlet's slant."""
QUOTED = "Inside a direct quote, so the speaker's words rather than the outlet's. "
REPORTED = "Reported as the word of whoever used it for this, not the outlet's. "
"""Said of a word someone else is reported to have called a thing ("called the minister a
liar"): ranked as a quote."""


@dataclass(frozen=True, slots=True)
class LoadedSpan:
    """One loaded term or framing in a text: where, what kind, a neutral alternative, and why."""

    start: int
    end: int
    category: str
    suggestion: str | None
    confidence: float
    detail: str
    term: str = ""
    """The lexicon term or framing rule that matched, in its listed form ("regimes" and "regime"
    are one term): how repeats of one term in an article are told apart from new findings."""
    quoted: bool = False
    """Inside quote marks: the words of whoever is quoted (the detail says so)."""
    flag: FlagType = "loaded_language"
    """`name_calling` when the term labels a person or a group (`name_calling.py`)."""


# Matching -----------------------------------------------------------------------------------
#
# Words are found with one scan of the lowered sentence and looked up in a dict keyed by first
# word; a long alternation over thousands of terms would be far slower in Python's `re`.
# Framing rules stay regular expressions, each run only when the sentence has one of its literal
# words of four or more letters (framing.tsv promises every match contains one).

_TOKEN = re.compile(r"[a-z]+")  # on the lowered text; the lexicon is English
_QUOTE_MARK = re.compile(r"[“”\"«»]")


@dataclass(slots=True)
class _Sentence:
    text: str
    folded: str
    words: tuple[str, ...]
    """The lowered words, in order; `tokens` holds their positions."""
    tokens: tuple[re.Match[str], ...]
    _headline: bool | None = None

    def title_case(self) -> bool:
        """A headline in title case (see `_title_case`): read once, when a capital asks."""
        if self._headline is None:
            self._headline = _title_case(self)
        return self._headline


def _joined(folded: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether two tokens are adjacent words of one term: a space or a hyphen between them."""
    gap = folded[left.end() : right.start()]
    return gap == "-" or (gap.isspace() and len(gap) <= 2)


def _term_matches(sentence: _Sentence) -> Iterator[tuple[int, int, LexiconEntry]]:
    """(first token, token after the last, entry) of each lexicon term, left to right."""
    table = loaded_language_lexicon().by_first_word
    free = 0  # the first token not inside an earlier match
    for i, word in enumerate(sentence.words):
        if i < free or word not in table:
            continue
        for words, entry in table[word]:
            if _continues(sentence, i, words) and not _named(sentence, i, entry):
                free = i + len(words)
                yield i, free, entry
                break


def _continues(sentence: _Sentence, first: int, words: Words) -> bool:
    """Whether the tokens from `first` on are `words`, each joined to the one before."""
    end = first + len(words)
    if len(words) == 1:
        return True
    return sentence.words[first:end] == words and all(
        _joined(sentence.folded, sentence.tokens[k - 1], sentence.tokens[k])
        for k in range(first + 1, end)
    )


def _proper_name(sentence: _Sentence, index: int) -> bool:
    """A capitalised word inside a sentence names something ("Supreme Court", "Hope Hicks"):
    sentiment there is not the outlet's. Headlines in title case are read as plain words."""
    first = sentence.text[sentence.tokens[index].start()]
    return index > 0 and first.isupper() and not sentence.title_case()


def _proper_names(sentence: _Sentence) -> list[bool]:
    """`_proper_name` of every token, the headline test made once and only if a capital asks."""
    later = list(_capitalised(sentence.text, sentence.tokens[1:]))
    if any(later) and sentence.title_case():
        later = [False] * len(later)
    return [False, *later] if sentence.tokens else []


def _named(sentence: _Sentence, index: int, entry: LexiconEntry) -> bool:
    """Whether the term at token `index` is part of a name. A capitalised sentiment word is
    one; a curated term only inside a run of capitalised words ("the Foreign Corrupt
    Practices Act", "Michael Savage"): alone it may be the outlet's emphasis ("Evil")."""
    if not _proper_name(sentence, index):
        return False
    if entry.tier != "curated":
        return True
    return any(_capitalised_neighbour(sentence, index, k) for k in (index - 1, index + 1))


def _capitalised_neighbour(sentence: _Sentence, index: int, other: int) -> bool:
    """Whether token `other` is a capitalised word joined to token `index` (one name)."""
    if not 0 <= other < len(sentence.words):
        return False
    left, right = sorted((index, other))
    return sentence.text[sentence.tokens[other].start()].isupper() and _joined(
        sentence.folded, sentence.tokens[left], sentence.tokens[right]
    )


def _title_case(sentence: _Sentence) -> bool:
    long_words = [
        t for t, word in zip(sentence.tokens, sentence.words, strict=True) if len(word) > 3
    ]
    capitals = sum(_capitalised(sentence.text, long_words))
    return len(long_words) >= 3 and capitals * 4 >= len(long_words) * 3


def _capitalised(text: str, tokens: Iterable[re.Match[str]]) -> Iterator[bool]:
    """Whether each token starts with a capital in `text`."""
    return map(str.isupper, map(text.__getitem__, map(re.Match.start, tokens)))


def _with_intensifier(sentence: _Sentence, first: int) -> int:
    """The start of a finding: an intensifier right before it belongs to it."""
    token = sentence.tokens[first]
    if first > 0:
        before = sentence.tokens[first - 1]
        if before.group(0) in intensifiers() and _joined(sentence.folded, before, token):
            return before.start()
    return token.start()


def _quoted_regions(text: str, starts_inside: bool = False) -> tuple[tuple[int, int], ...]:
    """Spans inside double quotes; an unpaired mark quotes to the sentence's edge (a quote that
    runs over several sentences), and so does a sentence that starts inside a quote opened
    before it."""
    regions: list[tuple[int, int]] = []
    opened: int | None = 0 if starts_inside else None
    for match in _QUOTE_MARK.finditer(text):
        mark = match.group(0)
        opening = mark in "“«" or (mark == '"' and opened is None)
        if opening and opened is None:
            opened = match.end()
        elif not opening:
            regions.append((opened or 0, match.start()))
            opened = None
    if opened is not None:
        regions.append((opened, len(text)))
    return tuple(regions)


def _in_quote(regions: tuple[tuple[int, int], ...], span: LoadedSpan) -> bool:
    return any(start <= span.start and span.end <= end for start, end in regions)


def _gaps(sentence: _Sentence) -> list[str]:
    """The text before each token, and after the last one."""
    return _TOKEN.split(sentence.folded)


def _lexicon_found(sentence: _Sentence) -> Iterator[LoadedSpan]:
    gaps: list[str] | None = None
    names: list[bool] = []
    for first, after, entry in _term_matches(sentence):
        if gaps is None:
            gaps = _gaps(sentence)
            names = _proper_names(sentence)
        if literal_reason(sentence.words, first, after, gaps, names) is not None:
            continue  # a window "shattered" by a blast: the plain word for what happened
        if entry.tier == "vader" and names_what_happened(sentence.words[first]) is not None:
            continue  # "insults", "praising": sentiment of the act, not the writer's
        general = entry.tier == "vader"
        if stated_reason(sentence.words, first, gaps, intensifiers(), general=general):
            continue  # "the most virulent pathogens", "experts are fearful"
        start, end = _with_intensifier(sentence, first), sentence.tokens[after - 1].end()
        confidence, detail = _why(entry)
        span = LoadedSpan(
            start, end, entry.category, entry.suggestion, confidence, detail, entry.term
        )
        who = labelled(entry.category, sentence.words, after, gaps, names)
        if who is not None:
            span = replace(span, flag="name_calling", detail=_label_detail(entry, who))
        if reported_reason(sentence.words, first, gaps) is not None:
            span = _as_quoted(span, REPORTED)
        yield span


def _why(entry: LexiconEntry) -> tuple[float, str]:
    if entry.tier == "curated":
        return (
            CURATED_CONFIDENCE,
            f"{entry.category.capitalize()} wording; a neutral report would not use it.",
        )
    size = abs(entry.valence)
    strength = "strongly " if size >= 3 else "" if size >= 2 else "mildly "
    polarity = "negative" if entry.valence < 0 else "positive"
    detail = (
        f"Emotive wording ({strength}{polarity} in VADER's sentiment lexicon); "
        "a neutral report would not use it."
    )
    return round(min(0.45 + 0.08 * size, 0.8), 2), detail


def _label_detail(entry: LexiconEntry, who: str) -> str:
    if entry.category == "label":
        return (
            "Name-calling: a label pinned on people; a neutral report names them by what they "
            "are or did."
        )
    return (
        f"Name-calling: a judgement pinned on someone (\u201c{who}\u201d); a neutral report "
        "names them by what they are or did."
    )


def _quoted(regions: tuple[tuple[int, int], ...], span: LoadedSpan) -> LoadedSpan:
    if not _in_quote(regions, span):
        return span
    if span.quoted:  # reported and in quote marks too: a direct quote
        return replace(span, detail=QUOTED + span.detail.removeprefix(REPORTED))
    return _as_quoted(span, QUOTED)


def _as_quoted(span: LoadedSpan, why: str) -> LoadedSpan:
    return replace(
        span,
        confidence=round(span.confidence * QUOTED_FACTOR, 2),
        detail=why + span.detail,
        quoted=True,
    )


@lru_cache(maxsize=1)
def _rule_anchors() -> tuple[frozenset[str], ...]:
    """For each framing rule, the words one of which every match of the rule contains."""
    return tuple(
        frozenset(word for word in _TOKEN.findall(rule.pattern.pattern) if len(word) >= 4)
        for rule in framing_rules()
    )


@lru_cache(maxsize=256)
def _framing_pattern(rule_ids: tuple[int, ...]) -> FoldedPattern:
    """The given framing rules in one alternation (one scan per sentence); group `r<i>` is rule
    i."""
    rules = framing_rules()
    body = "|".join(f"(?P<r{i}>{rules[i].pattern.pattern})" for i in rule_ids)
    return FoldedPattern(re.compile(body, re.IGNORECASE))


def _framing_found(sentence: _Sentence) -> Iterator[LoadedSpan]:
    if _framing_anchors().isdisjoint(sentence.words):
        return
    words = set(sentence.words)
    rule_ids = tuple(
        i for i, anchors in enumerate(_rule_anchors()) if not anchors.isdisjoint(words)
    )
    if not rule_ids:
        return
    rules = framing_rules()
    for match in _framing_pattern(rule_ids).finditer(sentence.text, sentence.folded):
        rule = rules[int((match.lastgroup or "r0")[1:])]
        detail = f"{rule.category.capitalize()} wording; a neutral report would not use it."
        yield LoadedSpan(
            match.start(),
            match.end(),
            rule.category,
            rule.suggestion,
            CURATED_CONFIDENCE,
            detail,
            rule.pattern.pattern,
        )


@lru_cache(maxsize=1)
def _framing_anchors() -> frozenset[str]:
    return frozenset().union(*_rule_anchors())


@lru_cache(maxsize=1)
def _opening_words() -> frozenset[str]:
    """The first words of the lexicon's terms and the framing rules' anchors: a sentence with
    none of them has no finding."""
    return frozenset(loaded_language_lexicon().by_first_word) | _framing_anchors()


def loaded_spans(text: str, starts_inside: bool = False) -> list[LoadedSpan]:
    """Every loaded term or framing in `text`, in order, no overlaps.

    Longer spans win, so "sent shockwaves" is one finding, not two. `starts_inside` says the
    text starts inside a quote opened in a sentence before it (the middle of a quote that runs
    over several sentences): its words up to a closing mark are quoted.
    """
    words = lowered_words(text)
    if _opening_words().isdisjoint(words):
        return []  # many sentences: one scan and a set test
    folded = lowered(text)
    sentence = _Sentence(text, folded, words, tuple(_TOKEN.finditer(folded)))
    found = list(_lexicon_found(sentence))  # left to right, never overlapping
    framing = list(_framing_found(sentence))
    if framing:
        found = _longest_first(found + framing)
    if not found or not (starts_inside or _QUOTE_MARK.search(text)):
        return found
    regions = _quoted_regions(text, starts_inside)
    return [_quoted(regions, span) for span in found]


def _longest_first(found: list[LoadedSpan]) -> list[LoadedSpan]:
    """Overlapping findings resolved in favour of the longer, returned in text order."""
    kept: list[LoadedSpan] = []
    for candidate in sorted(found, key=lambda s: (-(s.end - s.start), s.start)):
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda s: s.start)
