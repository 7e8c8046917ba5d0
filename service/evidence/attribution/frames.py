"""Frames of saying, thinking and feeling beyond the written cues, composed from WordNet.

A written cue (`seeds/lexicons/attribution_cues.tsv`) attributes where it introduces what was
said. Many more verbs put words or a stance in someone's mouth: "Trump praised the editor",
"a friend likened him to a saint", "executives there indicate ...", "voters want ...". Which
verbs: those whose most frequent verb sense WordNet files under the lexicographer files named
in `seeds/lexicons/attribution_grammar.tsv` (`frame_lexnames`: communication, cognition,
emotion), in every inflected form. Where: only as the verb of a subject that can hold a view
(a name, a personal pronoun, a person, an institution, an unnamed source, a document), so
"the phone call" or "the plan noted" is no frame. These frames come after the written cues:
a sentence whose written cue finds its source keeps it.
"""

from functools import lru_cache

from service.evidence.attribution.lexicon import (
    Cue,
    cues_by_first_word,
    grammar_words,
    inflections,
    person_nouns,
    source_words,
    stance_verbs,
)
from service.evidence.attribution.phrases import DETERMINERS, Span
from service.evidence.attribution.tokens import Token
from service.evidence.wordnet import wordnet

_KINDS = {"verb.communication": "speech", "verb.cognition": "belief", "verb.emotion": "belief"}
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "who"})
_PRONOUNS_OR_WHICH = _PRONOUNS | {"which"}


@lru_cache(maxsize=1)
def frame_verbs() -> dict[str, Cue]:
    """Every written form of a frame verb, with its lemma and kind ("praised" -> praise)."""
    found = _verbs_of(grammar_words("frame_lexnames"))
    for form, (lemma, kind) in stance_verbs().items():
        found.setdefault(form, Cue((form,), lemma, kind, False))
    return found


def lemma_of(word: str) -> str:
    """The dictionary form of one word ("insisted" -> "insist", "hopes" -> "hope", not "hop"):
    WordNet's irregular forms first, then the base whose regular forms hold the word."""
    word = word.lower()
    tables = wordnet()
    if word in tables.inflections:
        return tables.inflections[word]
    bases = tables.lemmas(word)[1:]
    return next((base for base in bases if word in inflections(base)), bases[0] if bases else word)


def learnable_frame(lemma: str) -> bool:
    """Whether editors' marks can teach attribution this lemma as a frame: one word that
    WordNet knows as a verb, no function word ("be", "about", ":"), no written cue (a written
    cue missed is a source not found, which a frame would not mend) and not a frame already."""
    if not lemma.isalpha() or lemma in _FUNCTION_WORDS or lemma in _written_cue_lemmas():
        return False
    if not any(kind.startswith("verb.") for kind in wordnet().kinds(lemma)):
        return False
    return lemma not in frame_verbs() and bool(learnt_frames(frozenset({lemma})))


@lru_cache(maxsize=1)
def _written_cue_lemmas() -> frozenset[str]:
    return frozenset(cue.lemma for cues in cues_by_first_word().values() for cue in cues)


_FUNCTION_WORDS = grammar_words("finite") | grammar_words("stop") | grammar_words("prepositions")


@lru_cache(maxsize=64)
def learnt_frames(lemmas: frozenset[str]) -> dict[str, Cue]:
    """Every written form of the reporting cues a newsroom's editors taught the desk (their
    lemmas, from the overlay: service/evidence/overlay.py), as frames: the same subject and
    complement checks as WordNet's frames, so "insisted" attributes only where someone who can
    hold a view insisted on something. A lemma already a frame keeps its own reading."""
    shipped = frame_verbs()
    irregular: dict[str, list[str]] = {}
    for form, base in wordnet().inflections.items():
        if base in lemmas:
            irregular.setdefault(base, []).append(form)
    found: dict[str, Cue] = {}
    for lemma in sorted(lemmas):
        for form in {*inflections(lemma), *irregular.get(lemma, ())}:
            if " " not in form and form not in shipped and form not in found:
                found[form] = Cue((form,), lemma, "speech", False)
    return found


@lru_cache(maxsize=1)
def judgement_verbs() -> dict[str, Cue]:
    """Verbs of perception (`judgement_lexnames`), frames only as a judgement: with "as" or a
    "that"-clause ("voters see him as a threat", "saw that the plan failed")."""
    return _verbs_of(grammar_words("judgement_lexnames"))


def _verbs_of(lexnames: frozenset[str]) -> dict[str, Cue]:
    irregular = _irregular_forms()
    found: dict[str, Cue] = {}
    for lemma, first in _verb_lemmas():
        if first not in lexnames:
            continue
        for form in {*inflections(lemma), *irregular.get(lemma, ())}:
            if form not in _FUNCTION_WORDS and form not in found:
                found[form] = Cue((form,), lemma, _KINDS.get(first, "belief"), False)
    return found


@lru_cache(maxsize=1)
def _verb_lemmas() -> tuple[tuple[str, str], ...]:
    """(lemma, the lexicographer file of its most frequent verb sense) for the words whose most
    frequent sense of all is that verb sense, or a noun of `frame_noun_lexnames`, in WordNet's
    order. Read once for the frames and the judgements: the pass over the table is most of
    their cost."""
    nouns = grammar_words("frame_noun_lexnames")
    found = []
    for lemma, kinds in wordnet().lexnames.items():
        # the word's most frequent sense of all is a verb of saying, thinking or feeling: "note"
        # and "praise" are, "face" (a body part first) and "still" (an adverb first) are not
        senses = kinds.split()
        first = next((kind for kind in senses if kind.startswith("verb.")), None)
        if first is None or not lemma.isalpha() or lemma in _FUNCTION_WORDS:
            continue
        if senses[0] != first and senses[0] not in nouns:
            continue  # "face" (a body part first), "still" (an adverb first)
        found.append((lemma, first))
    return tuple(found)


@lru_cache(maxsize=1)
def _irregular_forms() -> dict[str, list[str]]:
    """WordNet's irregular forms of each base ("said" of "say")."""
    irregular: dict[str, list[str]] = {}
    for form, base in wordnet().inflections.items():
        irregular.setdefault(base, []).append(form)
    return irregular


def can_hold_a_view(tokens: list[Token], span: Span) -> bool:
    """Whether the phrase can be who says or thinks something: a name, a personal pronoun, a
    person ("his mother", "executives there"), an institution, an unnamed source, a document
    ("the report")."""
    words = tokens[span[0] : span[1] + 1]
    if len(words) == 1 and words[0].lower in _PRONOUNS_OR_WHICH:
        return True  # "which" only stands for a named body here (phrases.left_source)
    head = _head_word(words)
    if head is None:
        return False
    lexicon = source_words()
    noun = head.lower.removesuffix("’s").removesuffix("'s")
    return (
        head.capitalised
        # "Gowdy’s office", "the Clinton campaign"
        or any(w.capitalised and w.lower not in DETERMINERS for w in words[:-1])
        or noun in _ORGANISATIONS
        or noun in _QUANTITIES
        or noun[:1].isdigit()  # "45% of Republicans", "About 4 in 10"
        or noun in lexicon.anonymous
        or noun in lexicon.documents
        or noun in _TITLES
        or _singular(noun) in person_nouns()
        or noun in person_nouns()
    )


_TITLES = grammar_words("titles")
# A share of people polled ("About three-quarters support ..."), the heads of institutions.
_QUANTITIES = grammar_words("quantity_heads")
_ORGANISATIONS = frozenset(word.lower() for word in source_words().organisation)


def _head_word(words: list[Token]) -> Token | None:
    """The head noun: the last word before a post-modifier ("executives [there]", "people
    [in Ohio]")."""
    head = None
    for index, word in enumerate(words):
        if index > 0 and word.lower in _POST and not word.capitalised:
            break
        if not word.punctuation and word.lower not in DETERMINERS:
            head = word
    return head


_POST = frozenset({"of", "in", "at", "from", "for", "with", "there", "here", "who", "close"})


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith("men"):
        return noun[:-3] + "man"
    return noun.removesuffix("s")
