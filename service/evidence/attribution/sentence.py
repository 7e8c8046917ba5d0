"""Who asserts one sentence: the first reporting cue whose source can be found."""

import re
from collections.abc import Container, Mapping
from collections.abc import Set as AbstractSet
from functools import lru_cache

from service.evidence.attribution.frames import can_hold_a_view, frame_verbs, judgement_verbs
from service.evidence.attribution.lexicon import (
    Cue,
    cues_by_first_word,
    grammar_words,
    inflections,
    possessive_cues,
    source_words,
    word_kinds,
)
from service.evidence.attribution.people import Registry
from service.evidence.attribution.phrases import (
    BETWEEN,
    CONJUNCTIONS,
    DETERMINERS,
    FINITE,
    QUANTIFIER_SUBJECTS,
    SUBJECT_PRONOUNS,
    Span,
    according_source,
    apposed_source,
    colon_source,
    coordinated_subject,
    is_abbreviation,
    left_source,
    participle_word,
    possessor_source,
    right_source,
    stands_after_content,
)
from service.evidence.attribution.quotes import mask_open_quote, mask_quotes, mask_unclosed_quote
from service.evidence.attribution.sources import (
    names_a_source,
    register_titled_people,
    source_for,
)
from service.evidence.attribution.tokens import QUOTE_MARKS, Token, sentence_words, tokenize
from service.evidence.model import Attribution
from service.evidence.prefilter import lowered, mentions_any
from service.evidence.quantities import WORD_NUMBERS
from service.evidence.wordnet import wordnet

_POSSESSIVE = re.compile(r"\w['’]s\b")
_CHANNEL = re.compile(
    r"\b(?:in a (?:[\w-]+ ){0,2}(?:message|statement|post|video|address|interview)"
    r"(?: (?:on|via) (?:his |her |the )?\w+)?|on (?:his|her|its) \w+ channel|via \w+)",
    re.IGNORECASE,
)
_CLAUSE_OPENERS = frozenset({"that", ":"}) | QUOTE_MARKS
_QUESTIONS = frozenset({"if", "whether"})
_CLAUSE_OR_QUESTION = _CLAUSE_OPENERS | _QUESTIONS
_OBJECT_WORDS = 6
_REACH = 200
_FRAME_REACH = 60  # a frame verb, its particle or preposition and a light verb's noun
# Words that label a passage with a colon without naming who speaks.
_LABELS = grammar_words("labels")
_GRAMMAR_STOP = grammar_words("stop") | grammar_words("prepositions")
_BETWEEN_AUX = grammar_words("auxiliaries")
_NONE_LEARNT: Mapping[str, Cue] = {}


def attribute_sentence(
    text: str,
    offset: int,
    registry: Registry,
    inside_quote: bool = False,
    ends_inside: bool = False,
    learnt: Mapping[str, Cue] = _NONE_LEARNT,
) -> Attribution | None:
    """The attribution of the sentence `text` starting at `offset` of the document, if any.

    `inside_quote`: the sentence starts inside a quote opened in an earlier sentence;
    `ends_inside`: a quote is still open at its end; `learnt`: the newsroom's learnt frame
    forms (`frames.learnt_frames`), tried as frames after WordNet's own.
    """
    masked = mask_open_quote(text) if inside_quote else mask_quotes(text)
    if ends_inside:
        masked = mask_unclosed_quote(masked)
    register_titled_people(masked, registry)
    lowered_text = lowered(masked)
    words = sentence_words(lowered_text)
    cue_words = cues_by_first_word().keys() & words
    frame_words = _frame_words() & words  # no copy of the table
    if learnt:
        frame_words |= learnt.keys() & words
    possessive = _possessive(masked)
    hearsay = not words.isdisjoint(_HEARSAY) or not words.isdisjoint(_APPEARANCE)
    if not cue_words and not frame_words and not possessive and not hearsay and ":" not in masked:
        return _impersonal(lowered_text)
    reach = None if possessive else _reach(lowered_text, cue_words, frame_words)
    tokens = tokenize(masked, lowered_text, reach)
    for index, cue in _by_precedence(tokens, _cues(tokens)):
        found = _attribution_at(tokens, index, cue, text, offset, registry)
        if found is not None:
            return _with_channel(found, masked)
    return (
        (_possessor(tokens, text, offset, registry) if possessive else None)
        or (_colon(tokens, text, offset, registry) if ":" in masked else None)
        or _impersonal(lowered_text)
        or (
            _in_view(tokens, text, offset, registry)
            if _may_frame_a_view(words, lowered_text)
            else None
        )
        or (_frame(tokens, text, offset, registry, frame_words, learnt) if frame_words else None)
        or _agentless(tokens, words)
    )


def _positions(
    tokens: list[Token], words: Container[str], start: int = 0, stop: int | None = None
) -> list[int]:
    """The indices in [start, stop) of the tokens that are one of `words`, in order. The rules
    look at a few words of a sentence: a comprehension picks them out much faster than a loop
    over every token."""
    found = [index for index, token in enumerate(tokens) if token.lower in words]
    if start or stop is not None:
        found = [index for index in found if start <= index and (stop is None or index < stop)]
    return found


def _possessive(masked: str) -> bool:
    # a substring test is much cheaper than the search, which most sentences need not run
    return ("'s" in masked or "’s" in masked) and _POSSESSIVE.search(masked) is not None


def _agentless(tokens: list[Token], words: AbstractSet[str]) -> Attribution | None:
    """Said or thought by someone the article does not name: a passive of a verb of saying or
    thinking without its "by" ("is expected to", "was described as", "is accused of"), or a
    hearsay adverb ("reportedly"). Attributed, to nobody named: no source span, no role (the
    unnamed-source flag is for a source the article points at)."""
    passive = not words.isdisjoint(_BE_FORMS) and not words.isdisjoint(_participles())
    if not passive and words.isdisjoint(_HEARSAY) and words.isdisjoint(_APPEARANCE):
        return None
    cues = cues_by_first_word()
    for index in _positions(tokens, _AGENTLESS_WORDS):
        token = tokens[index]
        if token.lower in _HEARSAY or _appearance(tokens, index):
            return Attribution("anonymous_source", None, None, None, token.text)
        if token.lower not in _BE_FORMS:
            continue
        at = index + 1
        while at < len(tokens) and (tokens[at].lower in BETWEEN or _ly(tokens[at])):
            at += 1
        if at >= len(tokens) or not _participle(tokens[at].lower, cues):
            continue
        following = tokens[at + 1].lower if at + 1 < len(tokens) else ""
        if following not in {"by", "from"}:
            verb = " ".join(t.text for t in tokens[index : at + 1])
            return Attribution("anonymous_source", None, None, None, verb)
    return None


@lru_cache(maxsize=1)
def _participles() -> frozenset[str]:
    """The written cues' forms that may be past participles: a passive needs one."""
    return frozenset(
        word for word in cues_by_first_word() if _participle(word, cues_by_first_word())
    )


def _ly(token: Token) -> bool:
    return token.lower.endswith("ly") and not token.capitalised


def _participle(word: str, cues: dict[str, tuple[Cue, ...]]) -> bool:
    """A past participle of a single-word written cue ("expected", "told"); WordNet's wider
    frames are left out here, their passives are mostly no saying ("is scheduled", "was
    chosen")."""
    if not word.endswith(("ed", "en", "wn", "id", "ld", "ght")):
        return False
    return any(
        len(cue.words) == 1 and not cue.by_source and not cue.adjacent_clause
        for cue in cues.get(word, ())
    )


_HEARSAY = dict.fromkeys(grammar_words("hearsay_adverbs"))
_APPEARANCE = frozenset(
    form for verb in grammar_words("appearance_verbs") for form in inflections(verb)
)
_APPEARANCE_COMPLEMENTS = frozenset({"to", "that", "as", "like"})


def _appearance(tokens: list[Token], index: int) -> bool:
    """ "The plan seems to have failed", "he appeared to suggest": how it looks to someone
    the article does not name (not "appeared in court")."""
    if tokens[index].lower not in _APPEARANCE or index + 1 >= len(tokens):
        return False
    following = tokens[index + 1].lower
    kinds = word_kinds(following)
    # "seems to have failed", "appeared unaware": not "appeared in court"
    return following in _APPEARANCE_COMPLEMENTS or (bool(kinds) and kinds[0].startswith("adj."))


def _frame(
    tokens: list[Token],
    text: str,
    offset: int,
    registry: Registry,
    words: AbstractSet[str],
    learnt: Mapping[str, Cue],
) -> Attribution | None:
    """The first verb of saying, thinking or feeling (`frames.py`) whose subject can hold a
    view: "Billie Jean King remembered Ali as fun", "executives there indicate ..."; `words`
    are the sentence's words that may be one; `learnt`, the newsroom's own frame forms."""
    frames = frame_verbs()
    for index in _positions(tokens, words, 1):
        token = tokens[index]
        cue = (
            frames.get(token.lower)
            or learnt.get(token.lower)
            or _light_frame(tokens, index)
            or _judgement(tokens, index)
        )
        if cue is None or (token.capitalised and not tokens[index - 1].punctuation):
            continue  # a capitalised frame verb: a name or a headline's word, too unsure
        if not _has_content(tokens, index + 1) or _negated(tokens, index):
            continue
        span = _frame_subject(tokens, index, cue)
        if span is not None and can_hold_a_view(tokens, span):
            found = source_for(tokens, span, text, offset, registry, token.text)
            if found is not None:
                return found
    return None


def _negated(tokens: list[Token], index: int) -> bool:
    """ "Kyiv has not commented on ...": a frame denied holds nobody's words (the sourcing
    frames flag what was not said)."""
    at = index - 1
    while at >= 0 and (tokens[at].lower in BETWEEN or tokens[at].lower.endswith(("n't", "n’t"))):
        if tokens[at].lower in _NEGATIONS or tokens[at].lower.endswith(("n't", "n’t")):
            return True
        at -= 1
    return False


_NEGATIONS = frozenset({"not", "never"})


def _judgement(tokens: list[Token], index: int) -> Cue | None:
    """ "they see Trump as posing risks", "saw that it failed": a verb of perception as a view."""
    cue = judgement_verbs().get(tokens[index].lower)
    if cue is None:
        return None
    for at in range(index + 1, min(index + 8, len(tokens))):
        if tokens[at].lower in {"as", "that"}:
            return cue
        if tokens[at].punctuation and not is_abbreviation(tokens, at):
            return None
    return None


def _light_frame(tokens: list[Token], index: int) -> Cue | None:
    """A light verb and a noun of saying, thinking or feeling (WordNet's first sense):
    "raised concerns about", "offered his congratulations to", "took issue with"."""
    lemma = _light_verbs().get(tokens[index].lower)
    if lemma is None:
        return None
    for at in range(index + 1, min(index + 5, len(tokens))):
        if tokens[at].punctuation:
            return None
        noun = next((k for k in word_kinds(tokens[at].lower) if k.startswith("noun.")), None)
        if noun in _SAYING_NOUNS:
            # what was said follows the noun: "concerns about", "issue with", "the case that";
            # "made his remarks during the breakfast" says nothing
            following = tokens[at + 1] if at + 1 < len(tokens) else None
            if following is None or not (
                following.lower in _NOUN_COMPLEMENTS or following.text in _CLAUSE_OPENERS
            ):
                return None
            return Cue((tokens[index].lower,), lemma, "speech", False)
    return None


_NOUN_COMPLEMENTS = frozenset(
    {"about", "on", "that", "of", "to", "with", "for", "over", "against", "regarding"}
)


def _frame_subject(tokens: list[Token], index: int, cue: Cue) -> Span | None:
    if _is_noun_use(tokens, index, cue) or _reduced_passive(tokens, index, index + 1):
        return None
    if _reduced_relative(tokens, index):
        return None
    if tokens[index].lower.endswith("ing"):
        # a participle after a comma ("..., praising the plan") or a progressive ("is thanking")
        if tokens[index - 1].text == ",":
            return coordinated_subject(tokens, index - 1)
        before = _before_auxiliaries(tokens, index)
        if before is None or tokens[before].lower not in _BE_FORMS:
            return None
    span = left_source(tokens, index)
    before = _before_auxiliaries(tokens, index)
    if span is None and before is not None and tokens[before].text in _APPOSITION_MARKS:
        span = apposed_source(tokens, before)
    if span is None and before is not None and tokens[before].lower in CONJUNCTIONS:
        span = coordinated_subject(tokens, before)
    if span is None or not _agrees(tokens, span, index, cue):
        return None
    return span


# A lone hyphen is a token only when spaced: then it is a dash ("Reynolds - his co-host - told").
_APPOSITION_MARKS = frozenset({",", "—", "–", "-"})


_BE_FORMS = grammar_words("be")
_AGENTLESS_WORDS = frozenset(_HEARSAY) | _APPEARANCE | _BE_FORMS
"""The words `_agentless` looks at: a hearsay adverb, a verb of appearance, a form of "be"."""
_SAYING_NOUNS = grammar_words("saying_nouns")


@lru_cache(maxsize=1)
def _light_verbs() -> dict[str, str]:
    """Every form of the light verbs ("made", "took"), with the verb."""
    verbs = grammar_words("light_verbs")
    found = {form: verb for verb in verbs for form in inflections(verb)}
    found.update((form, base) for form, base in wordnet().inflections.items() if base in verbs)
    return found


@lru_cache(maxsize=1)
def _frame_words() -> frozenset[str]:
    """The words one of which a sentence needs for a frame to be looked for."""
    return frozenset(frame_verbs()) | frozenset(_light_verbs()) | frozenset(judgement_verbs())


_PARTICLES = grammar_words("frame_particles")
_NO_CONTENT = grammar_words("frame_no_content")


def _reduced_relative(tokens: list[Token], index: int) -> bool:
    """ "a group called the We The People Foundation", "an advantage based on wins": a
    participle right after a thing's noun describes the thing; nobody says anything."""
    word, before = tokens[index].lower, tokens[index - 1]
    if not word.endswith(("ed", "wn", "en")) or before.capitalised or before.punctuation:
        return False
    kinds = word_kinds(before.lower)
    if before.lower in BETWEEN or not kinds or not kinds[0].startswith("noun."):
        return False  # "has also said", "later told": not a noun before it
    return not can_hold_a_view(tokens, (index - 1, index - 1))


def _has_content(tokens: list[Token], after: int) -> bool:
    """A frame holds what is said or thought: the verb has a complement. "Obama spoke at a
    memorial" or "as Trump spoke." has none; "picked up two delegates" or "called off" is
    another verb, its particle says so."""
    while after < len(tokens) and tokens[after].lower.endswith("ly"):
        after += 1
    if after >= len(tokens):
        return False
    token = tokens[after]
    if token.punctuation:
        return token.text == ":" or token.text in QUOTE_MARKS
    return token.lower not in _NO_CONTENT and token.lower not in _PARTICLES


def _possessor(
    tokens: list[Token], text: str, offset: int, registry: Registry
) -> Attribution | None:
    """ "the ministry's claim that ...", "Pence's call for ...": a noun of saying or thinking
    whose possessor is its source, when what was said follows it."""
    nouns = possessive_cues()
    for index in _positions(tokens, nouns, 1, len(tokens) - 1):
        if not _says_what(tokens[index + 1]) or tokens[index].lower in _LABELS:
            continue  # "Editor’s note:" labels a passage
        span = possessor_source(tokens, index - 1)
        if span is not None and names_a_source(tokens, span):
            found = source_for(tokens, span, text, offset, registry, tokens[index].text)
            if found is not None:
                return found
    return None


def _in_view(tokens: list[Token], text: str, offset: int, registry: Registry) -> Attribution | None:
    """ "In Professor Knittel's view, ...", "in his words, ...": the possessor of a noun of
    saying or thinking (WordNet's first sense) that frames the rest of the sentence."""
    for index in _positions(tokens, _IN, 0, len(tokens) - 3):
        end = index + 1
        while end < len(tokens) - 2 and not _possessor_end(tokens[end]) and end - index < 5:
            end += 1
        noun, comma = tokens[end + 1], tokens[end + 2] if end + 2 < len(tokens) else None
        kinds = word_kinds(noun.lower)
        if not _possessor_end(tokens[end]) or not kinds or kinds[0] not in _SAYING_NOUNS:
            continue
        if comma is None or comma.text != ",":
            continue
        word = tokens[end]
        if word.lower in _POSSESSIVE_PRONOUNS:
            pronoun = Token(
                word.start, word.end, word.text, _POSSESSIVE_PRONOUNS[word.lower], False, False
            )
            return source_for([pronoun], (0, 0), text, offset, registry, noun.text)
        span = possessor_source(tokens, end)
        if span is not None and names_a_source(tokens, span):
            return source_for(tokens, span, text, offset, registry, noun.text)
    return None


_IN = frozenset({"in"})


def _may_frame_a_view(words: AbstractSet[str], lowered_text: str) -> bool:
    """What `_in_view` needs, tested on the words: "in", and a possessor ("his", "her",
    "their", or a word ending in 's or s'; it is never the last token, which `reach` may cut)."""
    if "in" not in words:
        return False
    return not words.isdisjoint(_POSSESSIVE_PRONOUNS) or mentions_any(lowered_text, _POSSESSIVES)


_POSSESSIVES = ("’s", "'s", "s’", "s'")  # how Token.possessive words end


def _possessor_end(token: Token) -> bool:
    return token.possessive or token.lower in _POSSESSIVE_PRONOUNS


_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they"}


def _says_what(token: Token) -> bool:
    return token.lower == "that" or token.text in _CLAUSE_OPENERS


def _colon(tokens: list[Token], text: str, offset: int, registry: Registry) -> Attribution | None:
    span = colon_source(tokens)
    if span is None or not _names_someone(tokens, span, registry):
        return None
    said = [t for t in tokens[span[1] + 2 :] if t.text.isalpha()]
    if len(said) < _COLON_WORDS:
        return None  # "Hillary Clinton: 1,769.": a tally, not words
    return source_for(tokens, span, text, offset, registry, ":")


_COLON_WORDS = 2


def _names_someone(tokens: list[Token], span: Span, registry: Registry) -> bool:
    """A label ("Update:", "Watch:") is no source: one word must be a known name or a
    transcript's capitalised speaker ("TAPPER:")."""
    words = tokens[span[0] : span[1] + 1]
    if len(words) > 1:
        # "Paid Notice:", "FIX IS IN:", "Big Win For Bernie:", "Monday’s Morning Email:" label
        return not any(
            w.lower.removesuffix("’s").removesuffix("'s") in _LABELS
            or w.lower in _GRAMMAR_STOP
            or w.possessive
            or w.text.isupper()
            for w in words
        )
    word = words[0].text
    return word.lower() not in _LABELS and (
        (word.isupper() and len(word) > 2)
        or registry.resolve(word) is not None
        or _proper_name(word)
    )


def _proper_name(word: str) -> bool:
    """A capitalised word WordNet does not know, or knows as a person first ("Gingrich:",
    "Matthews:"); "Watch:" or "Breaking:" are common words."""
    kinds = word_kinds(word.lower())
    return not kinds or kinds[0] == "noun.person"


def _reach(
    lowered_text: str, cue_words: AbstractSet[str], frame_words: AbstractSet[str] = frozenset()
) -> int:
    """How far into the sentence words matter: past the last cue, only its inverted source
    and complement (`_REACH` characters); past the last frame verb, only the first words of
    its complement; tokenizing the rest would be wasted time."""
    if len(lowered_text) < _REACH:
        return len(lowered_text)  # the reach is never under _REACH - 1: the whole sentence
    rfind = lowered_text.rfind
    last = max(max(map(rfind, cue_words), default=-1), rfind(":"))
    frame = max(map(rfind, frame_words), default=-1)
    return max(last + _REACH, frame + _FRAME_REACH)


def _by_precedence(tokens: list[Token], cues: list[tuple[int, Cue]]) -> list[tuple[int, Cue]]:
    """ "Voters who say ... lead, according to the poll": "according to" names the source of
    the whole sentence, so it goes first; then a tag closing the sentence after its content
    ("..., who knew about the account, was aware of it, the report says."); other cues in
    their order; a cue inside a relative clause set off by commas ("Trump, who has relied on
    populist fervor, has said ...") after the main clause's, which it only describes."""
    if len(cues) < 2:
        return cues
    return sorted(
        cues,
        key=lambda found: (
            found[1].lemma != "according to",
            not _closing_tag(tokens, found[0]),
            _in_relative_clause(tokens, found[0]),
        ),
    )


def _in_relative_clause(tokens: list[Token], index: int) -> bool:
    """Whether token `index` stands in a relative clause between commas (", who ... ,"), with
    the main clause going on after it."""
    opening = next(
        (
            at
            for at in range(index - 1, 0, -1)
            if tokens[at].punctuation or tokens[at].lower in _RELATIVES
        ),
        None,
    )
    if (
        opening is None
        or tokens[opening].lower not in _RELATIVES
        or tokens[opening - 1].text != ","
    ):
        return False
    closing = next((at for at in range(index + 1, len(tokens)) if tokens[at].punctuation), None)
    return closing is not None and tokens[closing].text == "," and closing + 1 < len(tokens)


_RELATIVES = frozenset({"who", "which"})


def _closing_tag(tokens: list[Token], index: int) -> bool:
    """A cue among the sentence's last few words, after a comma: ", the report says."."""
    if len(tokens) - index > 2 * _TAG_TAIL:
        return False  # tested first: most cues stand far from the end
    rest = [t for t in tokens[index + 1 :] if not t.punctuation]
    if len(rest) > _TAG_TAIL:
        return False
    return any(t.text == "," for t in tokens[max(0, index - _TAG_TAIL) : index])


_TAG_TAIL = 4


def _cues(tokens: list[Token]) -> list[tuple[int, Cue]]:
    table = cues_by_first_word()
    found = []
    headline: bool | None = None
    for index in _positions(tokens, table):
        token, cues = tokens[index], table[tokens[index].lower]
        if token.capitalised and index > 0 and not tokens[index - 1].punctuation:
            # "the United States" is no verb; in a headline every word is capitalised, but a
            # participle there ends a long title ("Rubio Responds ... By Saying") unparsed
            headline = _title_case(tokens) if headline is None else headline
            if not headline or token.lower.endswith("ing"):
                continue
        cue = next((cue for cue in cues if _spelt_at(tokens, index, cue.words)), None)
        if cue is not None:
            found.append((index, cue))
    return found


def _spelt_at(tokens: list[Token], index: int, words: tuple[str, ...]) -> bool:
    """Whether a cue filed under the word at `index` (its first word) stands there."""
    if len(words) == 1:
        return True
    return tuple(t.lower for t in tokens[index + 1 : index + len(words)]) == words[1:]


def _title_case(tokens: list[Token]) -> bool:
    """A headline in title case ("Sanders Told A Reporter Not To Moan"): its verbs are
    capitalised like its names."""
    words = [t for t in tokens if not t.punctuation and t.text.isalpha()]
    if len(words) < 4:
        return False
    return sum(t.capitalised for t in words) >= 0.8 * len(words)


def _attribution_at(
    tokens: list[Token], index: int, cue: Cue, text: str, offset: int, registry: Registry
) -> Attribution | None:
    after = index + len(cue.words)
    verb = " ".join(t.text for t in tokens[index:after])
    if cue.lemma == "according to":
        span = according_source(tokens, after)
    elif cue.by_source:
        by = after < len(tokens) and tokens[after].lower in {"by", "from"}
        span = right_source(tokens, after + 1) if by else None
    else:
        span = _verb_source(tokens, index, after, cue)
    if span is None:
        return None
    return source_for(tokens, span, text, offset, registry, verb)


def _verb_source(tokens: list[Token], index: int, after: int, cue: Cue) -> Span | None:
    if _is_noun_use(tokens, index, cue) or _reduced_passive(tokens, index, after):
        return None
    describes = after < len(tokens) and tokens[after].lower in {"as", "for"}
    if describes and _reduced_relative(tokens, index):
        return None  # "the string of contests known as Super Tuesday"
    if cue.participle and index > 0 and tokens[index - 1].text == ",":
        return coordinated_subject(tokens, index - 1)
    span = left_source(tokens, index)
    before = _before_auxiliaries(tokens, index)
    if span is None and before is not None and tokens[before].text in _APPOSITION_MARKS:
        span = apposed_source(tokens, before)
    if span is None and before is not None and tokens[before].lower in CONJUNCTIONS:
        span = coordinated_subject(tokens, before)
    inverts = cue.kind in {"speech", "writing"}  # '"...," said X'; a poll never "shows X"
    # 'Said Dorothy Poynter, “...”' (not a headline in capitals: "PLEDGED DELEGATES.")
    opens = index == 0 and tokens[index].capitalised and not tokens[index].text.isupper()
    if span is None and inverts and (opens or (index > 0 and _after_content(tokens[index - 1]))):
        inverted = right_source(tokens, after)  # inverted order: the content stood first
        return inverted if inverted and _inverted_speaker(tokens, inverted) else None
    if span is None or not _agrees(tokens, span, index, cue):
        return None
    if cue.needs_clause and not (
        stands_after_content(tokens, span, index)
        or _introduces_clause(tokens, after, cue)
        or _finding_of_a_document(tokens, span, after, cue)
    ):
        return None
    return span


def _finding_of_a_document(tokens: list[Token], span: Span, after: int, cue: Cue) -> bool:
    """ "recent polls show Clinton with a double-digit lead", "fundraising documents show":
    a poll, report or record is the source of what it shows, clause or not."""
    if cue.kind != "evidence" or not _has_content(tokens, after):
        return False
    documents = source_words().documents
    return any(t.lower in documents for t in tokens[span[0] : span[1] + 1])


def _inverted_speaker(tokens: list[Token], span: Span) -> bool:
    """After the content, "said" is followed by its speaker: a name or source word, or any
    noun phrase opened by a determiner ('"...," said the 46-year-old')."""
    return names_a_source(tokens, span) or (
        tokens[span[0]].lower in DETERMINERS and span[1] > span[0]
    )


def _reduced_passive(tokens: list[Token], index: int, after: int) -> bool:
    """ "A businessman accused of bribery", "a plan criticised by unions": the noun before the
    participle is who the words are about, not who spoke them."""
    return (
        tokens[index].lower.endswith("ed")
        and after < len(tokens)
        and tokens[after].lower in {"of", "by"}
    )


def _before_auxiliaries(tokens: list[Token], cue: int) -> int | None:
    index = cue - 1
    while index >= 0 and tokens[index].lower in BETWEEN:
        index -= 1
    return index if index >= 0 else None


def _after_content(token: Token) -> bool:
    return token.text == "," or token.text in QUOTE_MARKS


def _is_noun_use(tokens: list[Token], index: int, cue: Cue) -> bool:
    """ "his claim", "the reports", "four states": after a determiner or a possessive, a
    bare or -s form is a noun."""
    word = tokens[index].lower
    bare = word == cue.lemma.split()[0]
    if index == 0 or not (bare or word.endswith("s")):
        return False
    before = tokens[index - 1]
    number = before.lower in _NUMBER_WORDS or before.text.isdigit()
    share = index > 1 and tokens[index - 2].lower == "in" and number
    if (before.lower in QUANTIFIER_SUBJECTS or share) and bare:
        return False  # "Many fear ...", ", many argue,", "one in five say": the subject
    if before.lower in DETERMINERS or before.possessive or before.text.isdigit():
        return True
    return word.endswith("s") and word != cue.lemma and _plural_noun_here(tokens, index)


def _plural_noun_here(tokens: list[Token], index: int) -> bool:
    """ "swing states, where", "his opening remarks were", "terrorist attacks on": an -s form
    that WordNet also knows as a noun, followed by what follows a noun phrase (a stop, a
    preposition, a finite verb) and not by what a verb takes, is the plural noun."""
    before = tokens[index - 1]
    if before.punctuation or before.lower in SUBJECT_PRONOUNS:
        return False  # "he states that"
    kinds = word_kinds(tokens[index].lower)
    if not any(kind.startswith("noun.") for kind in kinds):
        return False
    if before.capitalised and not kinds[0].startswith("noun."):
        return False  # "Trump says.": a verb first, after a name
    if not before.capitalised and word_kinds(before.lower)[:1] in _ADJECTIVES:
        return True  # "sexist remarks", "key states": an adjective modifies, a verb needs a subject
    if index + 1 >= len(tokens):
        return True
    following = tokens[index + 1]
    if following.punctuation:
        return following.text != ":" and following.text not in QUOTE_MARKS
    return following.lower in FINITE or following.lower in _NOUN_FOLLOWERS


_ADJECTIVES = frozenset({("adj.all",), ("adj.pert",)})
"""A word whose most frequent sense is one of these stands before a noun, never as a subject."""
_NOUN_FOLLOWERS = grammar_words("prepositions") - {"about", "to"} | {"like", "such"}


def _agrees(tokens: list[Token], span: Span, cue: int, form: Cue) -> bool:
    """A bare form ("say", "claim") needs a plural subject or an auxiliary: "officials say",
    "Trump would say"; "the key question" is no verb."""
    if tokens[cue].lower != form.lemma.split()[0] or form.lemma == "according to":
        return True
    if tokens[cue - 1].lower in _BETWEEN_AUX:
        return True
    head = _head(tokens, span)
    return (
        head in {"they", "who", "people", "%"}
        or head in QUANTIFIER_SUBJECTS  # "many argue"
        or head in _SHARES  # "A strong majority of voters say", "31 percent of those say"
        or head in _NUMBER_WORDS  # "About one in five say"
        or head.endswith("s")
        or head.isdigit()  # "About 4 in 10 say", "42% say"
        or head.endswith("ed")  # "those surveyed say"
        or _irregular_plural(head)  # "the women say"
        or "and" in (t.lower for t in tokens[span[0] : span[1]])
    )


_NUMBER_WORDS = frozenset(WORD_NUMBERS)
_SHARES = grammar_words("quantity_heads")


def _irregular_plural(noun: str) -> bool:
    base = wordnet().inflections.get(noun)
    return base is not None and base != noun and word_kinds(base)[:1] == ("noun.person",)


_POST_MODIFIERS = frozenset(
    {"close", "familiar", "briefed", "of", "in", "at", "within", "inside", "from", "for", "with"}
)


def _head(tokens: list[Token], span: Span) -> str:
    """The phrase's head noun, before what places it: "sources" in "sources close to the
    minister", not "minister"."""
    for index in range(span[0] + 1, span[1] + 1):
        if tokens[index].lower in _POST_MODIFIERS or participle_word(tokens[index]):
            return tokens[index - 1].lower  # "sources close to", "Democrats trying to ..."
    return tokens[span[1]].lower


def _introduces_clause(tokens: list[Token], after: int, cue: Cue) -> bool:
    """What follows is what was said: "that ...", a quote, a colon, or a bare clause."""
    window = tokens[after : after + _OBJECT_WORDS + 1]
    if cue.adjacent_clause:
        return _opens_right_after(window, cue)
    if window and window[0].text == ",":
        return True  # "He added, …"
    for token in window:
        if token.text in _CLAUSE_OPENERS or token.lower in _CLAUSE_OR_QUESTION:
            return True  # "that", a quote, a colon, "countered if", "asked whether"
        # A bare clause ("polls show Clinton is ahead") has a finite verb soon after the cue;
        # "he noted the decline" has none.
        if cue.kind in {"belief", "evidence"} and token.lower in FINITE:
            return True
        if token.punctuation:
            # "Sanders asks at Western High School, “Any questions?”": a comma, then the quote
            following = tokens[tokens.index(token) + 1 : tokens.index(token) + 2]
            return token.text == "," and any(t.text in QUOTE_MARKS for t in following)
    return False


def _opens_right_after(window: list[Token], cue: Cue) -> bool:
    """A cue that takes its clause directly: "that", a quote or a colon as its first word or
    after a pronoun object ("assured him that"); a belief's bare clause has its finite verb
    within a few words ("reckon the market will fall")."""
    start = 1 if window and window[0].lower in _OBJECT_PRONOUNS else 0
    if start < len(window) and window[start].lower in _CLAUSE_OR_QUESTION:
        return True
    for token in window[start : start + 4] if cue.kind == "belief" else ():
        if token.lower in FINITE:
            return True
        if token.punctuation:
            return False
    return False


_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "reporters"})


def _impersonal(lowered_text: str) -> Attribution | None:
    """ "It is understood that ...": attributed, to nobody the article names (so no source
    span); whole words only, so "the summit is said to" is not "it is said"."""
    if not any(map(lowered_text.__contains__, _impersonal_openers())):
        return None  # every phrase opens so ("it "): a test much cheaper than the search
    match = _impersonal_pattern().search(lowered_text)
    if match is None:
        return None
    return Attribution("anonymous_source", None, match.group(0), None, match.group(0))


@lru_cache(maxsize=1)
def _impersonal_openers() -> frozenset[str]:
    """The first word of each impersonal phrase, with the space after it."""
    return frozenset("".join(phrase.partition(" ")[:2]) for phrase in source_words().impersonal)


@lru_cache(maxsize=1)
def _impersonal_pattern() -> re.Pattern[str]:
    phrases = sorted(source_words().impersonal, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, phrases))})\b")


def _with_channel(attribution: Attribution, masked: str) -> Attribution:
    if attribution.kind != "named_source" or attribution.verb != "according to":
        return attribution
    channel = _CHANNEL.search(masked)
    if channel is None:
        return attribution
    return Attribution(
        attribution.kind,
        attribution.name,
        attribution.role,
        attribution.affiliation,
        f"according to ({channel.group(0)})",
        attribution.source_start,
        attribution.source_end,
    )
