"""Cheap keyword tests that let a sentence skip a regular expression that cannot match it.

Python's regex engine tries a long case-insensitive alternation at every position of a
sentence, which dominates analysis time. Each pattern guarded here can only match text that
contains one of a few literal keywords, so a substring test on the lower-cased sentence (a
fraction of a microsecond) decides whether the pattern needs to run at all. The guards only
skip work: when a keyword is present the pattern runs exactly as before.
"""

import bisect
import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

import ahocorasick

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

_T = TypeVar("_T")

# The only non-ASCII characters that `re.IGNORECASE` matches to an ASCII letter (checked over
# every code point): they must fold to that letter, or a keyword test would miss a match.
_IGNORECASE_TWINS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})  # Kelvin sign
_DIGIT = re.compile(r"\d")
_APART = "\x00"


# Memos keyed by one sentence's text -------------------------------------------------------
#
# Several detectors read the same sentence in one analysis (its lowered text, quote masks,
# figures, words), so those readings are memoized. What they hold is worth nothing to the next
# article, and a benchmark must be able to time an article as new: every such memo registers
# here, so that `forget_sentence_memos` empties them all (memos keyed by a word, which every
# article shares, are plain `lru_cache`s).

_SENTENCE_MEMOS: list["_lru_cache_wrapper[Any]"] = []


def sentence_memo(maxsize: int = 4096) -> Callable[[Callable[..., _T]], "_lru_cache_wrapper[_T]"]:
    """`lru_cache(maxsize)`, registered as a memo of one sentence's text."""

    def memoize(function: Callable[..., _T]) -> "_lru_cache_wrapper[_T]":
        memo = lru_cache(maxsize=maxsize)(function)
        _SENTENCE_MEMOS.append(memo)
        return memo

    return memoize


def forget_sentence_memos() -> None:
    """Empty every memo of a sentence's text: the next analysis reads its sentences anew."""
    for memo in _SENTENCE_MEMOS:
        memo.cache_clear()


@sentence_memo()
def lowered(text: str) -> str:
    """`text` lower-cased so that keyword tests agree with `re.IGNORECASE` matching.

    Cached because several detectors lower the same sentence in one analysis.
    """
    if text.isascii() or not any(map(text.__contains__, "İıſ\u212a")):
        return text.lower()
    return text.translate(_IGNORECASE_TWINS).lower()


@sentence_memo()
def lowered_words(text: str) -> tuple[str, ...]:
    """The runs of letters a-z in `lowered(text)`, in order: the words of an English sentence
    as the lexicons list them, read once for every detector that asks."""
    return tuple(a_to_z_runs(lowered(text)))


def a_to_z_runs(lowered_text: str) -> list[str]:
    """The runs of letters a-z in an already lowered text, in order (what `[a-z]+` finds):
    every other character made a space (a non-ASCII one first made "?"), then split, three
    passes in C, cheaper than a regex's match per word."""
    ascii_text = lowered_text.encode("ascii", "replace")
    return ascii_text.translate(_SPACE_BUT_A_TO_Z).decode("ascii").split()


_SPACE_BUT_A_TO_Z = bytes(code if ord("a") <= code <= ord("z") else ord(" ") for code in range(256))


def mentions_any(text: str, keywords: Iterable[str]) -> bool:
    """Whether `text` contains one of `keywords` as a substring."""
    return any(map(text.__contains__, keywords))


def has_digit(text: str) -> bool:
    """Whether `text` has a character `\\d` matches (patterns needing a number skip otherwise)."""
    return _DIGIT.search(text) is not None


# Sentences holding a keyword -----------------------------------------------------------------
#
# Detectors skip the sentences without their keywords. Asked sentence by sentence and detector
# by detector, that is a Python call per (sentence, detector) pair; asked once per keyword for
# the whole document, it is a C-speed substring test per sentence, and every detector that needs
# the same keyword ("said", "not") shares the answer. Most keywords are in no sentence: one test
# on the whole lowered text says so (`lowered()` maps each character on its own, so an ASCII
# keyword in a sentence's lowered text is in the whole text's; a character whose case depends on
# its neighbours, like the Greek final sigma, is not ASCII).


class _KeywordAutomaton:
    """Every keyword the detectors have asked about, in one Aho-Corasick automaton.

    A detector asks about some 200 keywords per article, and a substring test reads the whole
    text for each of them. The automaton finds every known keyword in one pass. Keywords come
    from the detectors' tables (and a newsroom's learnt cues), so the set is learnt from the
    questions asked: a keyword first asked is answered the slow way and joins the automaton
    before the next document.
    """

    _LIMIT = 100_000
    """Keywords are table entries; past this many something asks about text, not tables."""

    def __init__(self) -> None:
        # (the keywords it knows, the automaton of exactly those): one tuple, swapped whole, so
        # a thread never reads a keyword as known that the automaton it uses does not hold.
        self._state: tuple[frozenset[str], Any] = (frozenset(), None)
        self._new: set[str] = set()
        self._lock = threading.Lock()

    def learn(self, keyword: str) -> None:
        if keyword and _APART not in keyword and len(self._state[0]) < self._LIMIT:
            self._new.add(keyword)

    def occurrences(self, text: str) -> tuple[frozenset[str], dict[str, list[int]]]:
        """(the keywords known now, keyword -> where each occurrence of it ends in `text`: at
        its last character)."""
        self._refresh()
        known, automaton = self._state
        found: dict[str, list[int]] = {}
        if automaton is not None:
            for end, keyword in automaton.iter(text):
                found.setdefault(keyword, []).append(end)
        return known, found

    def _refresh(self) -> None:
        if not self._new:
            return
        with self._lock:
            known = self._state[0] | self._new
            self._new = set()
            automaton = ahocorasick.Automaton()
            for keyword in known:
                automaton.add_word(keyword, keyword)
            automaton.make_automaton()
            self._state = (known, automaton)


_KEYWORDS = _KeywordAutomaton()


class SentenceKeywords:
    """Which sentences of a document hold a keyword (a substring of their `lowered()` text),
    or a digit; remembered per keyword for the document's analysis."""

    __slots__ = (
        "_at",
        "_digits",
        "_found",
        "_joined",
        "_known",
        "_lowered",
        "_owners",
        "_starts",
        "_texts",
    )

    def __init__(self, sentences: Iterable[str], lowered_text: str) -> None:
        """`lowered_text` is the whole text lowered: a keyword it lacks is in no sentence."""
        self._texts = [lowered(text) for text in sentences]
        self._lowered = lowered_text
        self._found: dict[str, list[int]] = {}
        self._digits: list[int] | None = None
        # The sentences end to end, apart by a character no keyword holds: one search over
        # them finds a keyword's sentences by where it occurs, not one test per sentence.
        self._joined = _APART.join(self._texts)
        self._starts = list(itertools.accumulate((len(t) + 1 for t in self._texts[:-1]), initial=0))
        self._known, self._at = _KEYWORDS.occurrences(self._joined)
        self._owners: list[int] | None = None

    def having(self, keywords: Iterable[str]) -> list[int]:
        """The sentence ids, in order, whose text holds one of `keywords`."""
        answered = self._found
        found: set[int] = set()
        for keyword in keywords:
            holding = answered.get(keyword)  # most keywords are asked by several detectors
            if holding is None:
                holding = self.having_one(keyword)
            if holding:
                found.update(holding)
        return sorted(found)

    def having_one(self, keyword: str) -> list[int]:
        known = self._found.get(keyword)
        if known is None:
            if keyword in self._known:
                ends = self._at.get(keyword)
                known = [] if ends is None else self._sentences_at(ends)
            else:
                _KEYWORDS.learn(keyword)
                known = (
                    []
                    if keyword.isascii() and keyword not in self._lowered
                    else self._holding(keyword)
                )
            self._found[keyword] = known
        return known

    def _sentences_at(self, offsets: Iterable[int]) -> list[int]:
        """The sentences, in order and each once, where these offsets of the joined text fall."""
        if self._owners is None:
            # the sentence of each character of the joined text (its separator included)
            owners: list[int] = []
            for index, text in enumerate(self._texts):
                owners += [index] * (len(text) + 1)
            self._owners = owners
        return list(dict.fromkeys(map(self._owners.__getitem__, offsets)))

    def _holding(self, keyword: str) -> list[int]:
        if not keyword or _APART in keyword:
            return [index for index, text in enumerate(self._texts) if keyword in text]
        found: list[int] = []
        at = self._joined.find(keyword)
        while at >= 0:
            index = bisect.bisect_right(self._starts, at) - 1
            found.append(index)
            # the next sentence: each sentence is listed once
            following = index + 1
            if following >= len(self._starts):
                break
            at = self._joined.find(keyword, self._starts[following])
        return found

    def with_digit(self) -> list[int]:
        """The sentence ids whose text has a character that `\\d` matches (`has_digit`);
        lower-casing changes no digit."""
        if self._digits is None:
            self._digits = [i for i, text in enumerate(self._texts) if _DIGIT.search(text)]
        return self._digits


# Folded patterns -------------------------------------------------------------------------
#
# Python's engine runs a case-insensitive pattern several times slower than a case-sensitive
# one: it cannot skip ahead on a literal first character and folds every character it compares.
# `lowered()` keeps every offset (it never changes a string's length) and maps each character
# to one that the lower-cased pattern matches exactly when `re.IGNORECASE` would have matched
# the original (tests/evidence/test_prefilter.py checks the classes and literals the patterns
# use over every code point). So a pattern is searched case-sensitively on the lowered text and
# re-matched at each hit on the original text, for groups in their original case.

# Tokens of a pattern's source that lower-casing must leave alone: escapes (`\S` is not `\s`)
# and group names.
_KEEP_CASE = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")
# Character codes and inline flags would escape the lower-casing; no pattern here needs them.
_UNSUPPORTED = re.compile(r"\\[xuUN0-9]|\(\?[aiLmsux-]")


def _lower_source(source: str) -> str:
    """The pattern source with its ASCII letters lower-cased, escapes and group names kept."""
    cased = [c for c in source if not c.isascii() and c.lower() != c.upper()]
    if cased or _UNSUPPORTED.search(source):
        raise ValueError(f"cannot fold pattern {source!r}")
    parts, at = [], 0
    for token in _KEEP_CASE.finditer(source):
        parts += [source[at : token.start()].lower(), token.group(0)]
        at = token.end()
    return "".join([*parts, source[at:].lower()])


class FoldedPattern:
    """A case-insensitive pattern that finds its matches by a case-sensitive scan of the
    `lowered()` text; the matches returned are the original pattern's, on the original text."""

    __slots__ = ("_fast", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if not pattern.flags & re.IGNORECASE:
            raise ValueError(f"pattern {pattern.pattern!r} is not case-insensitive")
        self.pattern = pattern
        self._fast = re.compile(_lower_source(pattern.pattern), pattern.flags & ~re.IGNORECASE)

    def search(self, text: str, lowered_text: str) -> re.Match[str] | None:
        """`pattern.search(text)`, given `lowered_text == lowered(text)`."""
        hit = self._fast.search(lowered_text)
        return None if hit is None else self._same_match(text, hit)

    def finditer(self, text: str, lowered_text: str) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text)`, given `lowered_text == lowered(text)`."""
        for hit in self._fast.finditer(lowered_text):
            yield self._same_match(text, hit)

    def _same_match(self, text: str, hit: re.Match[str]) -> re.Match[str]:
        match = self.pattern.match(text, hit.start())
        assert match is not None and match.end() == hit.end(), (self.pattern.pattern, text)
        return match


# Patterns that start at a capital ------------------------------------------------------------

CAPITAL = re.compile(r"[A-ZА-ЯЁ]")


def finditer_at_capitals(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match starts with a `CAPITAL` letter.

    A name pattern begins with an optional title, so the engine cannot skip ahead to the next
    capital and tries the whole pattern at every character; here it is tried only where a
    capital stands, which finds the same matches (such a pattern never matches empty text).
    """
    at = 0
    for capital in _capitals(text):
        if capital < at:
            continue
        match = pattern.match(text, capital)
        if match is not None:
            yield match
            at = match.end()


@sentence_memo()
def _capitals(text: str) -> tuple[int, ...]:
    """Where capitals stand: found once per sentence, whichever detectors scan it."""
    return tuple(map(re.Match.start, CAPITAL.finditer(text)))


# Keyword guards derived from the patterns ---------------------------------------------------
#
# A guard is a set of literal strings one of which every match of a pattern contains. Kept by
# hand, guards drift from their patterns (a forgotten alternative silently stops matching), so
# they are computed from the parsed pattern: a branch needs one of its alternatives' keywords; a
# sequence needs the keywords of whichever of its parts has the most selective ones.

# The regex parser is CPython's private `re._parser`/`re._constants` (stable since 3.11, and the
# only parser of exactly the syntax `re` accepts); typeshed no longer describes them, so they are
# imported by name and typed as Any.
_re_parser: Any = import_module("re._parser")
_re_constants: Any = import_module("re._constants")

_Keywords = frozenset[str] | None
"""Literals one of which every match contains; None when nothing can be required."""


def required_keywords(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literals one of which every match of `pattern` contains (lower-cased for a
    case-insensitive pattern, to be tested against `lowered()` text), or None if there are none."""
    parsed = _re_parser.parse(pattern.pattern, pattern.flags)
    found = _sequence(list(parsed))
    if found is None:
        return None
    fold = bool(pattern.flags & re.IGNORECASE)
    keywords = {k.lower() if fold else k for k in found}
    # "officials" needs no test of its own once "official" is tested
    return tuple(sorted(k for k in keywords if not any(o != k and o in k for o in keywords)))


def _sequence(items: list[tuple[Any, Any]]) -> _Keywords:
    """Adjacent exact parts combine ("on (?:television|TV)" needs "on television" or "on tv");
    then the most selective required set of any part is the sequence's."""
    candidates: list[frozenset[str]] = []
    run: frozenset[str] = frozenset([""])
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is not None and len(run) * len(exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        if run != {""}:
            candidates.append(run)
        run = exact if exact is not None else frozenset([""])
        required = None if exact is not None else _element(op, arg)
        if required is not None:
            candidates.append(required)
    if run != {""}:
        candidates.append(run)
    return max(candidates, key=_selectivity, default=None)


_MAX_EXACT = 8


def _exact(op: Any, arg: Any) -> frozenset[str] | None:
    """The strings an element matches, when it matches only a few literal strings."""
    if op is _LITERAL:
        return frozenset([chr(arg)])
    if op is _SUBPATTERN:
        return _exact_sequence(list(arg[-1]))
    if op is _BRANCH:
        return _either([_exact_sequence(list(branch)) for branch in arg[1]])
    return None


def _exact_sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    strings = frozenset([""])
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is None or len(strings) * len(exact) > _MAX_EXACT:
            return None
        strings = frozenset(a + b for a in strings for b in exact)
    return strings


def _either(branches: list[frozenset[str] | None]) -> frozenset[str] | None:
    """What an alternation needs: one of its branches' strings, if every branch needs some."""
    if any(branch is None for branch in branches):
        return None
    return frozenset().union(*(branch for branch in branches if branch is not None))


def _selectivity(keywords: frozenset[str]) -> tuple[int, int]:
    """Longer shortest keyword first, then fewer keywords."""
    return min(map(len, keywords)), -len(keywords)


def _element(op: Any, arg: Any) -> _Keywords:
    if op is _SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is _BRANCH:
        return _either([_sequence(list(branch)) for branch in arg[1]])
    if op in _REPEATS and arg[0] >= 1:
        return _sequence(list(arg[2]))
    return None


_LITERAL = _re_constants.LITERAL
_SUBPATTERN = _re_constants.SUBPATTERN
_BRANCH = _re_constants.BRANCH
_REPEATS = (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT)
