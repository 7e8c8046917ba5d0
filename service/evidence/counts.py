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

from service.evidence.anchors import anchors_when, anchors_where, different, is_period
from service.evidence.model import Quantity
from service.evidence.numbers import first_figure
from service.evidence.wordnet import wordnet
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


@lru_cache(maxsize=64)
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
    r"(?:\binclud(?:ing|ed|es|e)|\bamong them|\bof whom|\bof them|\bof those|\bof these|\bof which|"
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
    r"\b(?:number|count|tally|figure|toll|total|estimate) of\s+"
    r"(?P<np>[a-z-]+(?:\s+[a-z-]+){0,2}?)\s+"
    r"(?:(?:on|in|at|against|by|for|across|from|among)\s+[^,;.]{0,40}?\s+)?"
    r"(?:at|as|was|is|stood at|to be|reached|totalled|totaled)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+)?$"
)


_LOOKBACK = 8
"""How many sentences back a figure without its noun ("put the figure at 19", "saying only 19
had been killed") looks for the measure it restates."""


def counts(document: Document, quantities: Sequence[Quantity]) -> list[Count]:
    """The figures of an article that count something this module can name, including figures
    that name their measure only through an anaphor or an event."""
    found: list[Count] = []
    for quantity in quantities:
        count = _count(document, quantity, found)
        if count is not None:
            found.append(count)
    return found


def _count(document: Document, quantity: Quantity, earlier: Sequence[Count]) -> Count | None:
    sentence = document.sentences[quantity.sentence]
    text = sentence.text.lower()
    start, end = quantity.start - sentence.start, quantity.end - sentence.start
    number_end = _number_end(text, start)
    before, after = text[:start], text[end:]
    inside = text[number_end:end]
    if _SHARE_AFTER.match(text, number_end) or _VAGUE.search(before) or _CURRENCY.search(before):
        return None
    counted = _counted_noun(inside)
    named_event = ""
    if counted is None:
        # "the number of assaults at 19": what precedes "the number" governs the figure
        named = _number_of(before)
        if named is None:
            return _restated(sentence.text, quantity, earlier, before, text[number_end:], after)
        (noun_word, modifiers, named_event), before = named
        counted = noun_word, modifiers
    noun_word, modifiers = counted
    event = named_event or _event(before, inside, after)
    kind = _noun_kinds().get(lemma(noun_word))
    frame = _frame(before, text[number_end:], kind)
    if frame is None or kind == "duration":
        return None
    if kind is None and (event == REPORTED or not event):
        return None  # "people", "workers": only an event says what the figure counts
    return Count(
        quantity,
        f"{modifiers} {lemma(noun_word)}".strip(),
        noun_word,
        "" if event == REPORTED else event,
        frame,
        _exact(quantity),
        anchors_when(sentence.text),
        anchors_where(sentence.text),
    )


def _exact(quantity: Quantity) -> bool:
    return quantity.low == quantity.value == quantity.high


_CURRENCY = re.compile(r"[$£€¥]\s?$")
"""Money is a measure of its own, never a count of a noun named before."""
_ANAPHOR_ENDS = re.compile(
    r"\b(?:at|as|was|is|to|of|be|being|been|stood at|reached|totalled|totaled|numbered)\s*:?\s*$"
)


def _restated(
    sentence: str,
    quantity: Quantity,
    earlier: Sequence[Count],
    before: str,
    rest: str,
    after: str,
) -> Count | None:
    """A figure without its noun that restates a measure named before: through an anaphor
    ("put the figure at 19", "the toll was 31", "gave that estimate as 40") or through the event
    alone ("saying only 19 had been killed"). Its measure is the nearest earlier count that
    fits (same event, when the figure names one)."""
    if _frame(before, rest, None) != "count":
        return None
    event = _event(before, "", after)
    event = "" if event == REPORTED else event
    if not (_through_anaphor(before) or event):
        return None
    antecedent = _antecedent(earlier, quantity.sentence, event)
    if antecedent is None:
        return None
    return Count(
        quantity,
        antecedent.noun,
        antecedent.noun_text,
        antecedent.event,
        antecedent.frame,
        _exact(quantity),
        anchors_when(sentence),
        anchors_where(sentence),
    )


def _through_anaphor(before: str) -> bool:
    """ "... put the figure at", "the toll was", "revised its estimate to": an anaphoric noun
    among the last words before the figure, which ends a phrase that gives it a value."""
    if _ANAPHOR_ENDS.search(before) is None:
        return False
    last_words = _WORD.findall(before)[-6:]
    return any(word in words_of("anaphor") for word in last_words)


def _antecedent(earlier: Sequence[Count], sentence: int, event: str) -> Count | None:
    for count in reversed(earlier):
        if count.quantity.sentence >= sentence:
            continue
        if sentence - count.quantity.sentence > _LOOKBACK:
            return None
        if count.frame == "count" and (not event or count.event == event):
            return count
    return None


def _number_of(before: str) -> tuple[tuple[str, str, str], str] | None:
    """ "put the number of assaults at 19": the noun named before the figure (with the words
    narrowing it, and the event when a participle follows it: "the toll of people killed"), and
    the text before "the number"."""
    window = max(0, len(before) - 80)
    if " of " not in before[window:]:
        return None  # most bare figures: skip the search
    match = _NUMBER_OF.search(before, window)
    if match is None:
        return None
    *modifiers, noun = match.group("np").split()
    event = ""
    if modifiers and (noun in _predicates() or noun.endswith("ed")):
        event = _predicates().get(noun, noun)
        *modifiers, noun = modifiers
    return (noun, " ".join(lemma(w) for w in modifiers), event), before[: match.start()]


def _number_end(text: str, start: int) -> int:
    """Where the number itself (with its scale) ends, past any qualifier before it."""
    figure = first_figure(text[start : start + 60])
    return start + figure.start + len(figure.text) if figure is not None else start


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
    while len(nouns) > 1 and nouns[-1].endswith("ed"):
        nouns.pop()  # "160 students expelled": the participle after the noun is the event
    if nouns:
        return nouns[-1], " ".join(lemma(w) for w in nouns[:-1])
    return ("people", "") if any(w in _predicates() for w in words) else None


_PARENTHETICAL_SOURCE = re.compile(r"^\s*,[^,;.]{1,60}?\b(?:said|says|added|told \w+|noted)\s*,")
"""'60 homes, the mayor's office said, had been destroyed': the source set off between the
figure and its verb."""


def _event(before: str, inside: str, after: str) -> str:
    """The predicate class of the verb that governs the figure: inside its span ("the 27
    injured workers"), after its noun ("23 people were killed", "were known to have died") or
    before it ("killed 14 people"); a specific event wins over a verb of reporting."""
    predicates = _predicates()
    inside_words = _WORD.findall(inside)
    candidates = [w for w in inside_words if w in predicates]
    if len(inside_words) > 1 and inside_words[-1].endswith("ed"):
        candidates.append(inside_words[-1])  # "80 buildings flattened"
    after = _PARENTHETICAL_SOURCE.sub(" ", after, count=1)
    candidates += _first_content_word(_WORD.findall(after)[:6])
    candidates += _first_content_word(list(reversed(_WORD.findall(before)[-3:])))
    classes = [predicates.get(w, w) for w in candidates]
    specific = [c for c in classes if c != REPORTED]
    return specific[0] if specific else (REPORTED if classes else "")


def _first_content_word(words: list[str]) -> list[str]:
    """The first word that is not a function word or a rate ("40 people a day were
    evacuated"), when it is a verb: known, in -ed, or an irregular participle after an
    auxiliary ("were laid off")."""
    previous = ""
    for word in words:
        if word in words_of("skipped") or word in words_of("passed_over"):
            previous = word
            continue
        if word in _predicates() or word.endswith("ed"):
            return [word]
        after_auxiliary = previous in words_of("auxiliary")
        return [word] if after_auxiliary and word in wordnet().inflections else []
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


def same_occasion(first: Count, second: Count) -> bool:
    """Two figures may describe one occasion unless their sentences anchor them to different
    times or places. A figure without an anchor belongs to the article's own event, which a
    year or a past period ("in 2012", "last year") on the other figure alone sets apart."""
    return not different(first.when, second.when, is_period) and not different(
        first.where, second.where, lambda _: False
    )
