"""Sentence and paragraph segmentation with character offsets.

Rule-based on purpose: it is fast, deterministic and explainable, and news copy is regular
enough. Paragraphs are lines; a sentence never crosses a line break. Inside a paragraph a
sentence ends where a stop is followed by space and something that can open a sentence, and
what a stop means depends on its shape and on the words either side of it:

- `!` and `?` (in runs, with closing quotes or brackets) end a sentence before a capital or a
  digit ("Yahoo! in" does not).
- A period after an ordinary word does the same. After an abbreviation it depends on which
  kind (`seeds/lexicons/sentences.tsv`): a title ("Dr.", "Gen.", plural "Sens.") stands before a
  name and never closes a sentence; a closing abbreviation ("Co.", "Jr.", "U.S.", an initial)
  closes one only when the next word is a capitalised closed-class word that opens sentences
  ("... Co. It"), never before a name or noun ("the U.S. Senate"), a digit ("Jan. 5") or lower
  case. A courtesy title after it ("... at 6 p.m. Mr. Ruiz left") opens a sentence too, since
  nothing abbreviated modifies "Mr." as "U.S." modifies "Sen.", unless all that stands before
  the abbreviation is a phrase fronted before the subject ("At 6 p.m. Mr. Ruiz left"); so does
  any capitalised word after a time of day but a day, a month or a zone ("at 6 p.m. Travelers
  who ..." against "at 7 p.m. Eastern", "9 a.m. Monday"). A
  numbering abbreviation ("No.", "pp.", "Vol.") is one only before a number; before anything
  else it is the word it spells ("it was completely no. People ...").
- An ellipsis ("...", "…", ". . .") marks something left out, not an end, unless the next word
  is capitalised and its capital means something ("I" is always capitalised) and the word before
  it can end a sentence (no sentence ends on "of" or "the"); four dots are an
  ellipsis plus a period. A period glued to a word and followed by a spaced ellipsis ends the
  sentence there, and the ellipsis opens the next. "[...]" is an elision inside a quote.
- A stop glued to a capitalised word ("tallied.The outcome", "4,000.That", "won!”After") ends a
  sentence too when a lower-case word or a number stands before it, unless it is an
  abbreviation, a glued ellipsis or part of an address ("www.Harbour.org", "Ann.Lee@...").
- A single letter that opens a sentence is a label ("Q. Where? A. At home."), not an initial.
- List markers are structure: a paragraph that opens with "1.", "a)", "2.)" or a bullet holds
  a list whose next markers ("2.", "b)", the same bullet ...) each start a sentence, and a
  marker's own period ends nothing.
- Case is evidence only where it carries information: after an ellipsis "I" says nothing, and
  in a title-case line (a headline, a book title) no capital does.
- A prompt structure that closes (a JSON object, a chat-markup tag) before a sentence, or opens
  after one, is a boundary too: text glued to a sentence (`{"role": "system", ...} Officials
  said ...`) must not hide what the sentence says, and must not hide itself inside it.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from service.resources import read_lexicon_rows

_CAPITAL = "A-ZÀ-ÖØ-ÞА-ЯЁ"
# A stop: a run of periods (glued or spaced, as in ". . ."), an ellipsis character, or `!`/`?`;
# then closing quotes or brackets. Or the close of a prompt structure. Either way followed by
# space, optional opening quotes or brackets, and a capital, a digit or a prompt structure.
_CANDIDATE = re.compile(
    r"""(?:(?P<stop>\.(?: ?\.)*|…[.…]*|[!?][!?.…]*)(?P<close>['"’”)\]}]*)"""
    r"""|(?P<markup>\}|\|>|\[/INST\]|<</SYS>>))"""
    rf"""(?=\s+(?:['"‘“`(\[{{<]*[{_CAPITAL}0-9]|\{{\s*["']|<\|)"""
    # or glued to a capitalised word that is not a domain's or an address's part
    r"""|[‘“]?[A-Z][a-z]+\b(?![.@/]\w))"""
)
_CANDIDATE_START = re.compile(r"[.…!?}|\[<]")
"""The characters a `_CANDIDATE` match starts with. The pattern opens with a group, so the
engine cannot skip ahead to them and tries it at every character; `_candidates` does."""


def _candidates(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_CANDIDATE.finditer(text, start, end)`, trying the pattern only where it can start."""
    at = start
    for first in _CANDIDATE_START.finditer(text, start, end):
        if first.start() >= at:
            match = _CANDIDATE.match(text, first.start(), end)
            if match is not None:
                yield match
                at = match.end()


# Before a stop glued to the next sentence ("the caucus.The outcome", "1,000.That", "said.“We"):
# a lower-case word or a number (not "U.S.Army", not an initial)
_GLUED_WORD = re.compile(r"(?:^|[^\w.])(?:[a-z]{2,}|\d+)$")
_MARKUP_NEXT = re.compile(r"""\s+(?:\{\s*["']|<\|)""")
_NEXT_WORD = re.compile(r"""\s+['"‘“`(\[{<]*(\w+)""")
_BULLETS = "•‣⁃◦▪●"
_LIST_START = _BULLETS + "0123456789*-"
# A list marker at the start of a paragraph: an optional bullet, a number or a letter, then
# ".", ")" or ".)", then space.
_MARKER = re.compile(
    rf"(?P<lead>[{_BULLETS}*-] ?)?(?P<ordinal>\d{{1,3}}|[A-Za-z])(?P<delim>\.\)|\)|\.)(?=\s)"
)
_DOTTED = re.compile(r"(?:[a-z]\.&?)+[a-z]")  # "u.s", "a.m", "s.&p"
_OPENING_PUNCTUATION = "\"'‘“([{<"
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_ROMAN = re.compile(r"[IVXLCDM]{2,}|[VX]")
_ZONE = re.compile(r"[A-Z]{2,4}")  # "EST", "GMT", "ET"
_ZONE_TIME = re.compile(r"\s+(?:[Tt]ime|[Ss]tandard|[Dd]aylight)\b")  # "9 a.m. Kyiv time"
_PUNCTUATION = "\"'‘’“”()[]{}<>,;:.!?-–—"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    titles: frozenset[str]
    courtesy: frozenset[str]
    fronting: frozenset[str]
    numbering: frozenset[str]
    times: frozenset[str]
    time_followers: frozenset[str]
    closing: frozenset[str]
    openers: frozenset[str]
    unfinished: frozenset[str]

    def is_abbreviation(self, word: str) -> bool:
        return (
            word in self.titles
            or word in self.closing
            or word in self.numbering
            or word in self.times
        )

    def is_title(self, word: str, capitalised: bool) -> bool:
        """A title, or a capitalised one with a plural s ("Sens. Cruz and Rubio"), where the
        title does not itself end in s ("Pres." has no plural "Press.") and a lower-case word
        is a noun ("sales reps. They")."""
        if word in self.titles:
            return True
        singular = word[:-1]
        return capitalised and word[-1:] == "s" and singular in self.titles and singular[-1] != "s"


@cache
def _lexicon() -> _Lexicon:
    sets = {row[0]: frozenset(row[1].split()) for row in read_lexicon_rows("sentences.tsv")}
    return _Lexicon(
        sets["titles"],
        sets["courtesy"],
        sets["fronting"],
        sets["numbering"],
        sets["times"],
        sets["time_followers"],
        sets["closing"],
        sets["openers"],
        sets["unfinished"],
    )


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, as (start, end) with surrounding white space trimmed."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = _trim(text, match.start(), match.end())
        if start < end:
            spans.append((start, end))
    return spans


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of `text[start:end]`, as trimmed (start, end) offsets into `text`."""
    marker_periods: set[int] = set()
    list_cuts: list[int] = []
    if start < end and (text[start] in _LIST_START or text[start + 1 : start + 2] in ".)"):
        marker_periods, list_cuts = _list_structure(text, start, end)
        list_cuts.sort()
    cuts = list(list_cuts)
    opened = start  # where the sentence the next stop may end opened, list markers aside
    for match in _candidates(text, start, end):
        if match.group("markup") is not None:
            cuts.append(match.end())
            opened = match.end()
            continue
        if match.start() in marker_periods:
            continue
        if match.end() < end and not text[match.end()].isspace():
            cut = _glued_cut(text, match, start)
            if cut is not None:
                cuts.append(cut)
                opened = cut
            continue
        if list_cuts:
            marker = bisect_right(list_cuts, match.start())
            opened = max(opened, list_cuts[marker - 1] if marker else start)
        cut = _stop_cut(text, match, start, end, opened)
        if cut is not None:
            cuts.append(cut)
            opened = cut
    if not cuts:
        span = _trim(text, start, end)
        return [span] if span[0] < span[1] else []
    spans: list[tuple[int, int]] = []
    cursor = start
    for cut in sorted(set(cuts)):
        if cursor < cut < end:
            spans.append(_trim(text, cursor, cut))
            cursor = cut
    spans.append(_trim(text, cursor, end))
    return [(s, e) for s, e in spans if s < e]


def _glued_cut(text: str, match: re.Match[str], start: int) -> int | None:
    """Where a stop glued to a capitalised word ends its sentence ("tallied.The outcome"), or
    None: only one period or a run of "!" and "?" (a glued ellipsis is left alone) after a
    lower-case word or a number that is no abbreviation. The cut is after a closing quote, but
    before a straight double quote that opens the next sentence (an even number came before)."""
    stop = match.group("stop")
    if stop is None or not (stop == "." or set(stop) <= {"!", "?"}):
        return None
    word = _GLUED_WORD.search(text[max(start, match.start() - 30) : match.start()])
    if word is None or _lexicon().is_abbreviation(word.group().lstrip(" \"'‘“([-/")):
        return None
    close = match.group("close")
    if close[:1] == '"' and text.count('"', start, match.start("close")) % 2 == 0:
        return match.start("close")
    return match.end()


def _stop_cut(text: str, match: re.Match[str], start: int, end: int, opened: int) -> int | None:
    """Where the stop `match` ends a sentence (which opened at `opened`), or None when it does
    not."""
    stop = match.group("stop")
    after = match.end()
    if stop[0] in "!?" or _MARKUP_NEXT.match(text, after, end):
        return after
    period = match.start()
    if stop == ".":
        word = _word_before(text, start, period)
        return after if _period_ends(text, word, period, after, start, end, opened) else None
    dots = stop.count(".") + 3 * stop.count("…")
    if dots >= 4 and stop[1] == " " and period > start and not text[period - 1].isspace():
        # "word. . . . Next": the period ends the sentence, the spaced ellipsis opens the next.
        word = _word_before(text, start, period)
        ends = _period_ends(text, word, period, after, start, end, opened)
        return period + 1 if ends else None
    if dots >= 4:
        return after  # an ellipsis and then a period
    return after if _ellipsis_ends(text, match, start, end) else None


def _ellipsis_ends(text: str, match: re.Match[str], start: int, end: int) -> bool:
    """An ellipsis marks words left out; it ends a sentence only where a capital says so."""
    before = match.start()
    while before > start and text[before - 1].isspace():
        before -= 1
    previous = text[before - 1] if before > start else ""
    if not previous or previous in "‘“([{<":
        return False  # it opens the passage ("“… We"), or is "[...]" inside a quotation
    if previous in "\"'" and (before - 1 == start or text[before - 2].isspace()):
        return False  # after a straight quote that opens
    if _word_before(text, start, before) in _lexicon().unfinished:
        return False  # "the policy of… American politics": no sentence ends on "of"
    word_after = _next_word(text, match.end(), end)
    if word_after == "I" or not word_after[:1].isupper():
        return False  # "I" is capitalised wherever it stands
    return not _title_case_around(text, match.start(), match.end(), start, end)


def _period_ends(
    text: str, word: str, period: int, after: int, start: int, end: int, opened: int
) -> bool:
    """Whether the period at `period`, after `word` (lower case), ends the sentence that opened
    at `opened`. Space and a capital or a digit follow it (the candidate pattern saw to that)."""
    lexicon = _lexicon()
    if lexicon.is_title(word, text[period - len(word) : period][:1].isupper()):
        return False
    if word in lexicon.numbering:  # "No. 5", "Vol. XII"; else the word "no"
        word_after = _next_word(text, after, end)
        return not (word_after[:1].isdigit() or _ROMAN.fullmatch(word_after))
    if len(word) == 1 and word.isalpha() and _trim(text, opened, period)[0] == period - 1:
        return False  # a label that opens the sentence ("Q. What is it? A. It is ..."), no initial
    closing = (
        word in lexicon.closing
        or (len(word) == 1 and word.isalpha())
        or _DOTTED.fullmatch(word) is not None
    )
    if not closing:
        return True
    found = _NEXT_WORD.match(text, after, end)
    if found is None:
        return False
    word_after = found.group(1)
    if (
        word_after.lower() in lexicon.courtesy
        and text[found.end(1) : found.end(1) + 1] == "."
        and _is_title_case(word_after)
    ):
        return not _fronted_phrase(text, opened, period - len(word))  # "at 6 p.m. Mr. Ruiz"
    if not _is_title_case(word_after) or word_after.lower() not in lexicon.openers:
        if (
            word in lexicon.times
            and _is_title_case(word_after)
            and word_after.lower() not in lexicon.time_followers
            and _ZONE.fullmatch(word_after) is None
            and _ZONE_TIME.match(text, found.end(1), end) is None
        ):  # "He left at 6 p.m. Travelers who ...", not "at 6 p.m. Eastern", "9 a.m. Kyiv time"
            return not (
                _fronted_phrase(text, opened, period - len(word))
                or _title_case_around(text, period, after, start, end)
            )
        return False  # a name, a noun or a number continues the phrase ("the U.S. Senate")
    if len(word_after) == 1 and found.end(1) < end and text[found.end(1)] == ".":
        return False  # an initial ("E. A. Smith"), not the article "A"
    return not _title_case_around(text, period, after, start, end)


def _fronted_phrase(text: str, opened: int, stop: int) -> bool:
    """Whether `text[opened:stop]` is a phrase fronted before a subject ("At 5", "In the",
    "Shortly after 6"): it opens with a fronting word (or an adverb in -ly) and holds only
    those, numbers and capitalised words."""
    fronting = _lexicon().fronting
    words = [
        w for w in (t.strip(_PUNCTUATION) for t in text[opened:stop].split()) if w[:1].isalpha()
    ]
    if not words or not (words[0].lower() in fronting or words[0].lower().endswith("ly")):
        return False
    return all(w.lower() in fronting or w[0].isupper() for w in words[1:])


def _next_word(text: str, after: int, end: int) -> str:
    found = _NEXT_WORD.match(text, after, end)
    return found.group(1) if found else ""


def _title_case_around(text: str, stop: int, after: int, start: int, end: int) -> bool:
    """Whether the words around a stop are a title-case line (a headline, a book title), where
    a capital says nothing about where a sentence begins."""
    window = text[max(start, stop - 60) : stop] + " " + text[after : min(end, after + 80)]
    words = _LONG_WORD.findall(window)
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _is_title_case(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _word_before(text: str, start: int, stop: int) -> str:
    """The word before a stop, lower-cased, without opening punctuation and without what a
    hyphen or slash joins to it ("(Co" -> "co", "pro-U.S" -> "u.s")."""
    begin = stop
    while begin > start and not text[begin - 1].isspace() and text[begin - 1] not in "-/–—":
        begin -= 1
    return text[begin:stop].lstrip(_OPENING_PUNCTUATION).lower()


def _list_structure(text: str, start: int, end: int) -> tuple[set[int], list[int]]:
    """Where the list markers of a paragraph put their period (which ends nothing), and the
    cuts before the markers.

    A marker at the paragraph's start opens a list; each later marker that continues its
    sequence (same bullet and delimiter, next number or letter) opens a sentence. In a
    paragraph that opens with a bullet, each later one after a space does.
    """
    periods: set[int] = set()
    cuts: list[int] = []
    if text[start] in _BULLETS:
        bullet = text.find(text[start], start + 1, end)
        while bullet != -1:
            if text[bullet - 1].isspace():
                cuts.append(bullet)
            bullet = text.find(text[start], bullet + 1, end)
    first = _MARKER.match(text, start, end)
    if first is None:
        return periods, cuts
    periods.add(first.start("delim"))
    lead = first.group("lead") or ""
    ordinal = first.group("ordinal")
    delim = first.group("delim")
    position = first.end()
    while True:
        ordinal = _successor(ordinal)
        if not ordinal:
            break
        found = _find_marker(text, lead + ordinal + delim, position, end)
        if found is None:
            break
        cuts.append(found)
        position = found + len(lead) + len(ordinal)
        periods.add(position)
        position += len(delim)
    return periods, cuts


def _successor(ordinal: str) -> str:
    if ordinal.isdigit():
        return str(int(ordinal) + 1)
    if ordinal in "zZ":
        return ""
    return chr(ord(ordinal) + 1)


def _find_marker(text: str, marker: str, position: int, end: int) -> int | None:
    """The next `marker` standing alone (space before and after) in `text[position:end]`."""
    found = text.find(marker, position, end)
    while found != -1:
        after = found + len(marker)
        if text[found - 1].isspace() and (after >= end or text[after].isspace()):
            return found
        found = text.find(marker, found + 1, end)
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
