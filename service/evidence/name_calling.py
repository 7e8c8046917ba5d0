"""Whether a loaded term labels a person or a group: name-calling, not loaded wording.

An editor handles the two differently. Loaded wording colours a thing or an event ("a
devastating blow", "shocking"): the fix is a plainer word. A label pinned on someone ("a
notorious crook", "the disgraced former director", "corrupt politicians", "thugs") prejudges
people; the fix is to name them by what they are or did, and the question behind it is whether
the outlet can stand by the charge.

Two things make a term a label, both read from the lexicon's own categories and from WordNet:

- a noun the lexicon files as a label ("regime", "thug", "crony", "traitor": category `label`
  in `loaded_language.tsv`), wherever it stands;
- a word of judgement (category `evaluative`: "notorious", "disgraced", "corrupt") in front of
  a person, a group or a name: the head of the phrase it opens, past other modifiers ("the
  disgraced former FBI director"), is a capitalised name or a noun whose most frequent sense
  WordNet files under noun.person or noun.group. The same word before a thing ("a corrupt
  payment", "an infamous speech") judges the thing and stays loaded wording.

A word of feeling ("brutal", "vicious": category `emotive`) before a person is kept as loaded
wording: it colours how the person is shown rather than filing them under a charge.
"""

from collections.abc import Sequence

from service.evidence.literal_use import FUNCTION_WORDS
from service.evidence.wordnet import wordnet

LABEL_CATEGORY = "label"
JUDGEMENT_CATEGORY = "evaluative"
PEOPLE = frozenset({"noun.person", "noun.group"})
"""What WordNet files as people: a person noun ("racist", "director") or a group ("media")."""
HEAD_REACH = 3
"""How many modifiers may stand between a judgement and the head it judges."""


def labelled(
    category: str,
    words: Sequence[str],
    after: int,
    gaps: Sequence[str],
    names: Sequence[bool],
) -> str | None:
    """Who or what kind of people the term ending before token `after` labels, as words of
    the sentence ("the label itself" for a label noun), or None when it is not name-calling.
    `words`, `gaps` and `names` as for `literal_use.literal_reason`."""
    if category == LABEL_CATEGORY:
        return "the label itself"
    if category != JUDGEMENT_CATEGORY:
        return None
    head = _head(words, after, gaps, names)
    return None if head is None else words[head]


def _head(
    words: Sequence[str], start: int, gaps: Sequence[str], names: Sequence[bool]
) -> int | None:
    """The head of the phrase that opens at token `start`, when it is a person, a group or a
    name, reached through modifiers only ("former", "self-styled"), or None."""
    for i in range(start, min(len(words), start + HEAD_REACH + 1)):
        if not _in_phrase(gaps[i]):
            return None
        if not names[i] and _modifies(words, gaps, i):
            continue
        if not _noun_or_name(words, i, names):
            return None
        last = _last_noun(words, i, gaps, names)
        return last if _people(words, i, last, names) else None
    return None


_MODIFIERS = ("adj.", "adv.", "verb.")
"""A word whose most frequent sense is one of these modifies the head that follows it."""


def _last_noun(words: Sequence[str], first: int, gaps: Sequence[str], names: Sequence[bool]) -> int:
    """The last of the nouns and names in a row from token `first` on: a compound's head
    ("career politicians", "Obama-Farrakhan photo", "Minnesota Senator")."""
    i = first
    while i + 1 < len(words) and _in_phrase(gaps[i + 1]) and _noun_or_name(words, i + 1, names):
        i += 1
    return i


def _noun_or_name(words: Sequence[str], i: int, names: Sequence[bool]) -> bool:
    if words[i] in FUNCTION_WORDS:  # "at" is also astatine, "in" the inch
        return False
    kinds = wordnet().kinds(words[i])
    return names[i] or (bool(kinds) and kinds[0].startswith("noun."))


def _modifies(words: Sequence[str], gaps: Sequence[str], i: int) -> bool:
    """Whether token `i` modifies a head after it: the first part of a hyphenated compound
    ("jihad-supporting"), or a word whose most frequent sense is an adjective, an adverb or a
    verb (a participle: "former", "self-styled", "alleged")."""
    kinds = wordnet().kinds(words[i])
    return _compound_part(gaps, i) or (bool(kinds) and kinds[0].startswith(_MODIFIERS))


def _people(words: Sequence[str], first: int, last: int, names: Sequence[bool]) -> bool:
    """Whether the head at `last` (its phrase from `first`) names people: a person or group
    noun, or a name. A name whose last word is a common noun of something else is a thing's
    ("the Munich Pact")."""
    kinds = wordnet().kinds(words[last])
    noun = next((kind for kind in kinds if kind.startswith("noun.")), None)
    if not names[last]:
        return noun in PEOPLE
    return last == first or noun is None or noun in PEOPLE


def _compound_part(gaps: Sequence[str], i: int) -> bool:
    """Whether token `i` is joined by a hyphen to the next ("jihad-supporting racist")."""
    return i + 1 < len(gaps) and gaps[i + 1] == "-"


def _in_phrase(gap: str) -> bool:
    """Whether the text between two tokens keeps them in one phrase: a space or a hyphen."""
    return gap == "-" or (gap.isspace() and len(gap) <= 2)
