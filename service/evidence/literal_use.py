"""Whether a loaded-sounding word is used literally or technically where it stands.

A window "shattered" by a blast, a "chemical irritant", "traumatic brain injury", a stock rated
"overweight", shares that "plunged" 40%: the words that are slant elsewhere are here the plain
description of a thing, a substance or a figure. The decision comes from the words around the
term and what WordNet says they name (its lexicographer files, `wordnet_lexnames.tsv`), never
from a list of terms:

- a physical verb (WordNet files it under change, contact, motion, body or weather), not in its
  -ing form, with a
  physical thing among its neighbours (an artifact, a substance, a natural object, a body part,
  food, a plant, an animal, a place) describes what happened to that thing;
- a noun or a relational adjective (WordNet's adj.pert: "traumatic", not "stunning") right
  next to a physical thing is a compound naming it ("traumatic brain injury", "chemical
  irritant"); an evaluative adjective before a thing ("a disgusting cesspool") stays loaded;
- a term beside a figure (a number, a percentage, money, shares, a quantity) describes the
  figure: a rating, a market move, a statistic; so does one right after a holding ("shares
  plunged", "rate the stock overweight": WordNet's noun.possession as the word's main sense).

Multi-word terms ("bore the brunt", "sent shockwaves") are idioms and never literal here.

`stated_reason` decides from the grammar around a term (the closed classes of
`loaded_context.tsv`) that it states a comparison or a state rather than colouring what it
stands beside:

- a superlative that ranks a thing among others ("the most devastating attack in decades", "one
  of the most virulent pathogens", "the world's most notorious diseases", "the poorest parts of
  the borough") is a comparison, a statistic one can check, not the outlet's colour; "a most
  astonishing" (meaning "very") stays;
- a word of the general sentiment lexicon (the VADER tier) after a linking verb says what state
  its subject is in: how someone felt ("experts are fearful", "was frightened by the noise"),
  what happened to them ("were tortured", "was drained"), what a thing is ("the fight is
  hopeless"). A general sentiment word colours where it qualifies a noun ("a rancid
  character"); the hand-written tier is flagged in either place.

`reported_reason` finds a word someone else is reported to have used for a thing without quote
marks: "called the minister a liar", "denounced the report as a whitewash". It is still shown,
as that source's word, like a quote.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from service.evidence.lexicon_tables import inflections
from service.evidence.wordnet import wordnet
from service.resources import read_lexicon_rows

PHYSICAL_THINGS = frozenset(
    {
        "noun.artifact",
        "noun.substance",
        "noun.object",
        "noun.body",
        "noun.food",
        "noun.plant",
        "noun.animal",
    }
)
"""What WordNet files as a thing one can touch."""
PLACES = frozenset({"noun.location"})
"""A place a physical verb can act on ("the storm devastated the town")."""
FIGURES = frozenset({"noun.possession", "noun.quantity"})
"""Money, holdings and amounts: the things a rating or a statistic is about."""
PHYSICAL_VERBS = frozenset(
    {"verb.change", "verb.contact", "verb.motion", "verb.body", "verb.weather"}
)
"""Verbs of doing something to a body or a thing."""

HAPPENINGS = frozenset(
    {
        "noun.act",
        "noun.event",
        "noun.communication",
        "noun.cognition",
        "noun.artifact",
        "noun.possession",
        "noun.process",
        "noun.phenomenon",
        "noun.person",
    }
)
"""What a noun names when it names what happened or who did it (an insult, a scandal, a
swindle, an attacker), rather than how the writer feels about it."""

BEFORE, AFTER = 3, 4
"""How far a verb's subject (before it) and object (after it) are looked for, in words."""
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "one",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "has",
        "have",
        "had",
        "not",
        "no",
        "so",
        "up",
        "out",
    ]
)
"""Function words WordNet also lists as nouns ("in" as the inch, "one" as the number): never a
neighbour's meaning."""
_AMOUNT = re.compile(r"\d\s*%|[$£€¥]\s*\d")
_NUMBER_BEFORE = re.compile(r"\d\s*$")
_PER_HUNDRED = frozenset({"percent", "cent", "percentage", "points"})


def literal_reason(
    words: Sequence[str], first: int, after: int, gaps: Sequence[str], names: Sequence[bool]
) -> str | None:
    """Why the term at tokens `first` to `after` of a sentence is a literal or technical use,
    or None when it is not. `words` are the sentence's lowered word tokens; `gaps[k]` is the
    text before token k, and `gaps[-1]` the text after the last (a figure such as "40%" lives
    there: the tokens are letters only); `names[k]` says token k is capitalised inside the
    sentence (a name: "ICE" is an agency, not frozen water)."""
    if after - first != 1:
        return None
    if any(_near_figure(words, gaps, i) for i in _window(words, first, 2, 2)):
        return "describes a figure (a rating, a market move or a statistic)"
    kinds = wordnet().kinds(words[first])
    if not kinds:
        return None
    if _after_holding(words, first, gaps, names) and kinds[0] != "adv.all":
        return f"says what a holding did or is rated (\u201c{words[first - 1]}\u201d)"
    meaning = next((kind for kind in kinds if not kind.startswith("adj.")), None)
    if meaning in PHYSICAL_VERBS and not words[first].endswith("ing"):
        # A present participle tells the effect on whoever sees it ("a stunning tower", "a
        # harrowing night"): evaluative even beside a thing; "shattered windows" is their state.
        for i in _window(words, first, BEFORE, AFTER):
            kind = None if names[i] else _noun_kind(words[i])
            if kind in PHYSICAL_THINGS or kind in PLACES:
                return f"a physical verb acting on a physical thing (\u201c{words[i]}\u201d)"
    if kinds[0] == "adj.pert" or kinds[0].startswith("noun."):  # classifies, not evaluates
        for i in (first - 1, first + 1):
            if 0 <= i < len(words) and not names[i] and _joined(gaps, first, i):
                kind = _noun_kind(words[i])
                if kind in PHYSICAL_THINGS:
                    return f"names a physical thing with \u201c{words[i]}\u201d"
                if kind in FIGURES:
                    return f"describes a figure (\u201c{words[i]}\u201d)"
    return None


@dataclass(frozen=True, slots=True)
class _Grammar:
    linking: frozenset[str]
    degree: frozenset[str]
    superlative: frozenset[str]
    ranking: frozenset[str]
    naming: frozenset[str]
    particles: frozenset[str]
    determiners: frozenset[str]


@cache
def _grammar() -> _Grammar:
    rows = {row[0]: frozenset(row[1].split()) for row in read_lexicon_rows("loaded_context.tsv")}
    # A naming verb in its verb forms ("called", "labelling"), looked up as it stands.
    rows["naming"] = frozenset(
        form
        for verb in rows["naming"]
        for form in (
            *inflections(verb),
            *((verb + "led", verb + "ling") if verb[-1] == "l" else ()),
        )
        if not form.endswith("ly")
    )
    return _Grammar(**{name: rows[name] for name in _Grammar.__slots__})


def stated_reason(
    words: Sequence[str],
    first: int,
    gaps: Sequence[str],
    degree: frozenset[str],
    *,
    general: bool,
) -> str | None:
    """Why the term starting at token `first` states a comparison or a state rather than
    colouring (see the module's notes), or None. `gaps` as for `literal_reason`; `degree` are
    the intensifiers that may stand before a term; `general` says the term comes from the
    general sentiment lexicon (VADER), not the hand-written one."""
    grammar = _grammar()
    before = first - 1
    if before >= 0 and words[before] in grammar.superlative and _joined(gaps, before, first):
        if before >= 1 and words[before - 1] in grammar.ranking:
            return "a superlative that ranks it among others: a comparison, not colour"
        return None
    if before >= 0 and words[before] in grammar.ranking and _superlative(words[first]):
        return "a superlative that ranks it among others: a comparison, not colour"
    if not general:
        return None
    kinds = wordnet().kinds(words[first])
    if not kinds or not kinds[0].startswith("adj."):
        return None
    while before >= 0 and (words[before] in grammar.degree or words[before] in degree):
        before -= 1
    if before >= 0 and words[before] in grammar.linking:
        return "after a linking verb it says what state its subject is in, not the outlet's view"
    return None


def _superlative(word: str) -> bool:
    """Whether `word` is the superlative form of an adjective ("poorest", "deadliest", "worst")."""
    if not word.endswith("st"):
        return False
    lemmas = wordnet().lemmas(word)
    return any(
        lemma != word and wordnet().kinds(lemma)[:1] in (("adj.all",), ("adj.pert",))
        for lemma in lemmas
    )


REPORTED_REACH = 6
"""How many words back from a term its naming verb is looked for, inside one clause."""
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\u2014\u2013]")


def reported_reason(words: Sequence[str], first: int, gaps: Sequence[str]) -> str | None:
    """Why the term at token `first` is the reported word of whoever named a thing with it
    ("called the minister a liar", "denounced the report as a whitewash"), or None. The naming
    verb stands up to `REPORTED_REACH` words before it, with no clause punctuation between."""
    grammar = _grammar()
    seen_as = False
    for i in range(first - 1, max(-1, first - 1 - REPORTED_REACH), -1):
        if _CLAUSE_BREAK.search(gaps[i + 1]):
            return None
        word = words[i]
        if word == "as":
            seen_as = True
        elif word in grammar.naming and _as_verb(words, gaps, i):
            return f"reported as the word someone named it with (\u201c{word}\u201d)"
        elif (
            seen_as
            and "verb.communication" in wordnet().kinds(word)[:2]
            and _as_verb(words, gaps, i)
        ):
            return f"reported as the word someone used for it (\u201c{word} ... as\u201d)"
    return None


def _as_verb(words: Sequence[str], gaps: Sequence[str], i: int) -> bool:
    """Whether token `i` stands as a verb: its most frequent sense is one, or it has a verb's
    ending; not a noun after a determiner ("the label"), a particle verb ("called out"), nor
    part of a compound ("so-called")."""
    word, grammar = words[i], _grammar()
    if gaps[i] == "-" or (i > 0 and words[i - 1] in grammar.determiners):
        return False
    if i + 1 < len(words) and words[i + 1] in grammar.particles:
        return False
    kinds = wordnet().kinds(word)
    return bool(kinds) and (kinds[0].startswith("verb.") or word.endswith(("ed", "ing")))


def names_what_happened(word: str) -> str | None:
    """Why a sentiment-rated word is the plain name of an act, an event or its doer where it
    stands (its most frequent WordNet sense is a verb, or a noun of `HAPPENINGS`), or None when
    it describes (an adjective, an adverb, a noun of feeling or quality).

    A sentiment lexicon rates "insults", "praising", "undermining" and "swindle" for what they
    name: a report has no plainer word for the act, and the writer's colour is in the words
    that describe it. Hand-picked loaded verbs and nouns ("slammed", "smear") are the curated
    tier's, which this does not touch."""
    kinds = wordnet().kinds(word)
    if not kinds:
        return None
    if kinds[0].startswith("verb."):
        return "names an act (a verb), not the writer's view of it"
    if kinds[0] in HAPPENINGS:
        return "names what happened or who did it, not the writer's view of it"
    return None


def _window(words: Sequence[str], first: int, before: int, after: int) -> range:
    return range(max(0, first - before), min(len(words), first + after + 1))


def _noun_kind(word: str) -> str | None:
    """What a neighbouring word names in its most frequent noun sense ("chemical": the
    substance)."""
    if word in FUNCTION_WORDS or len(word) < 3:
        return None
    return next((kind for kind in wordnet().kinds(word) if kind.startswith("noun.")), None)


def _near_figure(words: Sequence[str], gaps: Sequence[str], index: int) -> bool:
    """Whether a percentage or an amount of money stands right beside token `index` ("40
    percent" too). `gaps` has one more entry than `words`: the text after the last word."""
    if _AMOUNT.search(gaps[index]) or _AMOUNT.search(gaps[index + 1]):
        return True
    return words[index] in _PER_HUNDRED and bool(_NUMBER_BEFORE.search(gaps[index]))


def _after_holding(
    words: Sequence[str], first: int, gaps: Sequence[str], names: Sequence[bool]
) -> bool:
    """Whether token `first` directly follows a word whose most frequent sense is a holding
    (WordNet's noun.possession: "shares plunged", "rate the stock overweight", "profits
    collapsed"): a market move or a rating. A word that may also name a place is not read as
    one ("the capital plunged into chaos"); an adverb after one ("money shamefully") still
    describes the act."""
    before = first - 1
    if before < 0 or names[before] or not _joined(gaps, before, first):
        return False
    if words[before].endswith(("ed", "ing")):
        return False  # a verb's form ("waged relentless war"), not a holding
    kinds = wordnet().kinds(words[before])
    return kinds[:1] == ("noun.possession",) and PLACES.isdisjoint(kinds)


def _joined(gaps: Sequence[str], a: int, b: int) -> bool:
    """Whether tokens a and b are neighbours in one phrase: only a space or a hyphen between."""
    gap = gaps[max(a, b)]
    return gap in ("-", "") or (gap.isspace() and len(gap) <= 2)
