"""What a figure counts, so that only like is compared with like.

"23 assaults were reported" and "the council put the number of assaults at 19" count the same
thing; "9,000 residents" and "40, 50 people a day" do not, nor do "106 people were murdered in
2016" and "four people were shot dead this year". A figure's `Count` holds its counted noun
(lemmatised), the event it counts, its frame (a plain count, a rate, a standing population, a
part of another figure, a change) and the time and place its own sentence anchors it to.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from service.evidence.model import Quantity
from service.evidence.quantities import WORD_NUMBERS
from service.resources import read_lexicon_rows
from service.text import Document

REPORTED = "report"
"""The predicate class of verbs that only say a figure was stated or recorded."""


@dataclass(frozen=True, slots=True)
class Count:
    quantity: Quantity
    noun: str
    noun_text: str
    """The noun as the article words it ("assaults")."""
    event: str
    """What happened to the noun ("killed"), or "" when the noun names the event itself."""
    frame: str
    """"count", "population", "rate:<unit>": figures in different frames are never compared."""
    exact: bool
    """False for approximate, bounded or range figures ("about", "at least", "40, 50")."""
    when: frozenset[str]
    where: frozenset[str]

    @property
    def key(self) -> tuple[str, str, str]:
        return self.noun, self.event, self.frame


@lru_cache(maxsize=1)
def _predicates() -> dict[str, str]:
    return dict(read_lexicon_rows("counts_predicates.tsv"))


@lru_cache(maxsize=1)
def _noun_kinds() -> dict[str, str]:
    return dict(read_lexicon_rows("counts_nouns.tsv"))


_IRREGULAR = {"people": "person", "persons": "person", "children": "child", "men": "man"}
_IRREGULAR |= {"women": "woman", "police": "police", "staff": "staff", "dead": "person"}


def lemma(noun: str) -> str:
    """The singular of a counted noun ("assaults" -> "assault", "casualties" -> "casualty")."""
    word = noun.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Frames, read from the words around a figure ---------------------------------------------

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@lru_cache(maxsize=1)
def _word_roles() -> dict[str, frozenset[str]]:
    """`seeds/lexicons/counts_words.tsv` by role: {"skipped": {"the", ...}, ...}."""
    roles: dict[str, set[str]] = {}
    for word, role in read_lexicon_rows("counts_words.tsv"):
        roles.setdefault(role, set()).add(word)
    return {role: frozenset(words) for role, words in roles.items()}


def words_of(role: str) -> frozenset[str]:
    """The words of one role in `seeds/lexicons/counts_words.tsv`."""
    return _word_roles().get(role, frozenset())


_RATE_AFTER = re.compile(
    r"^[^,;.]{0,45}?\b(?:(?:a|an|per|each|every)\s+(?P<unit>day|night|week|month|year|hour|"
    r"minute|season|weekend)|(?P<adverb>daily|nightly|weekly|monthly|annually|yearly))\b"
)
_RATE_BEFORE = re.compile(
    r"\b(?:(?:each|every|per|a)\s+(?P<unit>day|night|week|month|year|hour)|"
    r"(?P<adverb>daily|nightly|weekly|monthly|annually|yearly)),?\s+(?:\S+\s+){0,3}$"
)
_ADVERB_UNIT = {"daily": "day", "nightly": "night", "weekly": "week", "monthly": "month"}
_ADVERB_UNIT |= {"annually": "year", "yearly": "year"}
_POPULATION_BEFORE = re.compile(
    r"\b(?:home to|population of|populated by|(?:city|town|country|nation|region|village|state|"
    r"district|community|island|province) of)\s+(?:a combined\s+|some\s+|about\s+|around\s+|"
    r"roughly\s+|nearly\s+|almost\s+|more than\s+|over\s+)?$"
)
_PART_BEFORE = re.compile(
    r"(?:\bincluding|\bamong them|\bof whom|\bof them|\bof those|\bof these|\bof which|"
    r"\bout of which|\bout of|\bwith)\s+$"
)
_PART_AFTER = re.compile(r"^\s+(?:of|out of)\s+(?:the|them|those|these|whom|all|\d)")
_SHARE_AFTER = re.compile(r"^\s*(?:%|percent\b|per cent\b|percentage\b)")
_CHANGE_BEFORE = re.compile(
    r"\b(?:(?:rose|risen|rising|climbed|increased|jumped|grew|fell|dropped|declined|decreased|"
    r"up|down|went)\s+(?:to|by|from)|from|another|a further|an additional|additional|extra|"
    r"further)\s+$"
)
_CHANGE_AFTER = re.compile(r"^\s+(?:more|fewer|additional|extra|new|further)\b")
_CUMULATIVE = re.compile(
    r"\b(?:toll|in total|in all|so far|to date|altogether|overall|cumulative|since the start)\b"
)
_NUMBER_OF = re.compile(
    r"\b(?:number|count|tally|figure) of\s+(?P<np>[a-z-]+(?:\s+[a-z-]+){0,2}?)\s+"
    r"(?:(?:on|in|at|against|by|for|across|from|among)\s+[^,;.]{0,40}?\s+)?"
    r"(?:at|as|was|is|stood at|to be|reached|totalled|totaled)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+)?$"
)
_NUMBER = re.compile(
    rf"(?:\d[\d,.]*\d|\d|\b(?:{'|'.join(WORD_NUMBERS)})(?:-[a-z]+)?\b)(?:\s+(?:thousand|million|billion|bn)\b)?"
)


def counts(document: Document, quantities: Sequence[Quantity]) -> list[Count]:
    """The figures of an article that count something this module can name."""
    found = []
    for quantity in quantities:
        count = _count(document, quantity)
        if count is not None:
            found.append(count)
    return found


def _count(document: Document, quantity: Quantity) -> Count | None:
    sentence = document.sentences[quantity.sentence]
    text = sentence.text.lower()
    start, end = quantity.start - sentence.start, quantity.end - sentence.start
    number_end = _number_end(text, start)
    before, after = text[:start], text[end:]
    inside = text[number_end:end]
    counted = _counted_noun(inside)
    if counted is None:
        # "the number of assaults at 19": what precedes "the number" governs the figure
        counted, before = _number_of(before) or (None, before)
    if counted is None or _SHARE_AFTER.match(text, number_end) or _VAGUE.search(before):
        return None
    noun_word, modifiers = counted
    event = _event(before, inside, after)
    kind = _noun_kinds().get(lemma(noun_word))
    frame = _frame(before, text[number_end:], kind)
    if frame is None or kind == "duration":
        return None
    if kind is None and (event == REPORTED or event not in _predicates().values()):
        return None  # "people", "workers": only a known event says what the figure counts
    return Count(
        quantity,
        f"{modifiers} {lemma(noun_word)}".strip(),
        noun_word,
        "" if event == REPORTED else event,
        frame,
        quantity.low == quantity.value == quantity.high,
        _anchors_when(sentence.text),
        _anchors_where(sentence.text),
    )


def _number_of(before: str) -> tuple[tuple[str, str], str] | None:
    """ "put the number of assaults at 19": the noun named before the figure (with the words
    narrowing it), and the text before "the number"."""
    window = max(0, len(before) - 80)
    if " of " not in before[window:]:
        return None  # most bare figures: skip the search
    match = _NUMBER_OF.search(before, window)
    if match is None:
        return None
    *modifiers, noun = match.group("np").split()
    return (noun, " ".join(lemma(w) for w in modifiers)), before[: match.start()]


def _number_end(text: str, start: int) -> int:
    """Where the number itself (with its scale) ends, past any qualifier before it."""
    match = _NUMBER.search(text, start)
    return match.end() if match is not None else start


_VAGUE = re.compile(r"\b(?:few|several|many|some|couple of)\s+$")
"""'a few dozen cases', 'several hundred people': no figure to hold the article to."""


def _counted_noun(words_after_number: str) -> tuple[str, str] | None:
    """The counted noun among the words the figure's span runs to, and the words that narrow
    it ("21 suspected cases" -> ("cases", "suspected")): the last word that is not an adverb
    or an event participle ("12 detonations overnight", "the 27 injured workers"); "dead"
    alone ("23 dead") counts persons."""
    words = _WORD.findall(words_after_number)
    if "times" in words:
        return None
    cut = next((i for i, w in enumerate(words) if w in words_of("preposition")), len(words))
    words = words[:cut]
    nouns = [w for w in words if w not in words_of("not_noun") and w not in _predicates()]
    nouns = [w for w in nouns if not w.endswith("ly")]
    if nouns:
        return nouns[-1], " ".join(lemma(w) for w in nouns[:-1])
    return ("people", "") if any(w in _predicates() for w in words) else None


def _event(before: str, inside: str, after: str) -> str:
    """The predicate class of the verb that governs the figure: inside its span ("the 27
    injured workers"), after its noun ("23 people were killed", "were known to have died") or
    before it ("killed 14 people"); a specific event wins over a verb of reporting."""
    predicates = _predicates()
    candidates = [w for w in _WORD.findall(inside) if w in predicates]
    candidates += _first_content_word(_WORD.findall(after)[:6])
    candidates += _first_content_word(list(reversed(_WORD.findall(before)[-3:])))
    classes = [predicates.get(w, w) for w in candidates]
    specific = [c for c in classes if c != REPORTED]
    return specific[0] if specific else (REPORTED if classes else "")


def _first_content_word(words: list[str]) -> list[str]:
    """The first word that is not a function word or a rate ("40 people a day were
    evacuated"), when it is a verb (known or in -ed)."""
    for word in words:
        if word in words_of("skipped") or word in words_of("passed_over"):
            continue
        return [word] if word in _predicates() or word.endswith("ed") else []
    return []


def _frame(before: str, rest: str, kind: str | None) -> str | None:
    """The figure's frame, or None for a part, a share, a change or a running total."""
    if _PART_BEFORE.search(before) or _PART_AFTER.match(rest):
        return None
    if _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(rest):
        return None
    if _CUMULATIVE.search(before) or _CUMULATIVE.search(rest):
        return None
    rate = _RATE_AFTER.match(rest) or _RATE_BEFORE.search(before)
    if rate is not None:
        return "rate:" + (rate.group("unit") or _ADVERB_UNIT[rate.group("adverb")])
    if kind == "population" or _POPULATION_BEFORE.search(before):
        return "population"
    return "count"


# Anchors: the time and place a sentence puts its figures in --------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WHEN = re.compile(
    rf"\b(?:(?P<year>(?:19|20)\d\d)|(?P<month>{_MONTHS})|(?P<day>{_WEEKDAYS})|"
    r"(?P<relative>(?i:last|this|next|previous|the same) (?:week|weekend|month|year|season)|"
    r"(?i:yesterday|today|tonight)))\b"
)
_SAID_WHEN = re.compile(
    rf"\b(?:said|says|told|announced|added|confirmed|stated|wrote|reported)\s+(?:on\s+)?"
    rf"(?:{_WEEKDAYS}|yesterday|today)\b"
)
_WHERE = re.compile(
    r"\b(?i:in|near|at|outside|across|around|from)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)
_NOT_PLACES = frozenset([*_MONTHS.split("|"), *_WEEKDAYS.split("|"), "The", "A", "An"])


@lru_cache(maxsize=256)
def _anchors_when(text: str) -> frozenset[str]:
    """Times in the sentence, except the day a statement was made ("said on Monday")."""
    text = _SAID_WHEN.sub(" ", text)
    return frozenset(match.group(0).lower() for match in _WHEN.finditer(text))


@lru_cache(maxsize=256)
def _anchors_where(text: str) -> frozenset[str]:
    places = (_unthe(match.group("place")) for match in _WHERE.finditer(text))
    return frozenset(p.lower() for p in places if p and p.split()[0] not in _NOT_PLACES)


def _unthe(place: str) -> str:
    """ "The Hague" is a place, "The" alone is not."""
    return place[4:] if place.startswith("The ") else ("" if place == "The" else place)


def same_occasion(first: Count, second: Count) -> bool:
    """Two figures may describe one occasion unless their sentences anchor them to different
    times or places (a figure without an anchor belongs to the article's own event)."""
    different_time = bool(first.when and second.when and not first.when & second.when)
    different_place = bool(first.where and second.where and not first.where & second.where)
    return not different_time and not different_place
