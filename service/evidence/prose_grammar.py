"""The grammar of a sentence written to a model instead of to a newspaper's reader.

News prose tells a reader what happened; it does not give orders to whoever reads it, assign
it a role, or present "the summary below". Whatever words an attacker chooses, a prompt has
that grammar: an imperative at the head of the sentence (after a vocative, "please" or a
negation, if any) whose verb is one of saying or writing, or whose object is a text ("the
summary", "previous instructions"); a second person told what it must do or what it is; a
presentative that introduces a text ("Here is the summary:"); a first person offering its
reply to a "you". Words inside quotation marks are a speaker's, not the article's, and are
left out before any of this is read ("'You must leave,' the officer told them" is reporting).

What a verb or noun means comes from WordNet's lexicographer files (its first, most frequent
sense), so an unseen verb of saying is read the same as a known one; only closed classes
(determiners, modals, chat-format role names) are listed, in `seeds/lexicons/prose.tsv`.
"""

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from service.evidence.attribution.quotes import mask_open_quote, mask_quotes
from service.evidence.prefilter import lowered, mentions_any, sentence_memo
from service.evidence.wordnet import wordnet
from service.resources import read_lexicon_rows

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_LEAD = re.compile(r"\s*(?:[-*•]\s+|\d{1,3}[.)]\s+|[A-Za-z][.)]\s+)?")
"""A list marker before the first word: an order in a list is still an order."""
_VOCATIVE = re.compile(r"\s*([A-Za-z]+(?: [A-Za-z]+)?),\s")
_WH = frozenset({"how", "what", "why", "when", "where", "who", "which", "whether"})
"""Words that open an object clause ("Explain how ...", "Describe what ...")."""
_OBJECT_WORDS = 4
"""How far after an order's verb its object noun is looked for ("ignore all of the previous
instructions")."""


@dataclass(frozen=True, slots=True)
class _Classes:
    roles: frozenset[str]
    determiners: frozenset[str]
    negators: frozenset[str]
    politeness: frozenset[str]
    modals: frozenset[str]
    presentatives: frozenset[str]
    be: frozenset[str]
    first_person: frozenset[str]
    auxiliaries: frozenset[str]
    obligation: frozenset[str]
    function_words: frozenset[str]


@cache
def word_classes() -> _Classes:
    rows = {row[0]: frozenset(row[1].split()) for row in read_lexicon_rows("prose.tsv")}
    return _Classes(**{name: rows[name] for name in _Classes.__slots__})


def outside_quotes(text: str, starts_inside: bool = False) -> str:
    """`text` with quoted words blanked (same length): what the article itself says."""
    return mask_open_quote(text) if starts_inside else mask_quotes(text)


def addressed_to_model(text: str, starts_inside: bool = False) -> str | None:
    """Why the sentence surely speaks to a model that reads it (`speaks_to_model`), or None."""
    return speaks_to_model(text, starts_inside)


def asks_or_orders(text: str, starts_inside: bool = False) -> str | None:
    """Why the sentence states nothing (an order or a question to whoever reads it), or None.

    News asks and orders too ("Why does it matter?", "Consider the case of ..."), so this alone
    keeps a sentence out of the summary's points (a point states a fact), not out of the report.
    """
    own = outside_quotes(text, starts_inside or _closes_first(text))
    if _order_head(own) is not None:
        return "an order to whoever reads it (an imperative, not a statement)"
    if _asks(own):
        return "a question to whoever reads it, not a statement"
    return None


_GOVERNED = re.compile(r"^\W*(?:[A-Za-z’']+\W+){1,4}?that\s|:\s")
"""Where an order's own words end and the statement it governs begins: a that-clause within
its first words ("Keep in mind that ...", "Note that ..."), or a colon ("Think about it: ...")."""
_STATED_WORDS = 3


def stated_clause(text: str) -> int | None:
    """Where, in an order to the reader, the statement it governs starts ("Keep in mind that
    <the statement>", "Consider this: <the statement>"), or None. That statement is the
    article's own assertion, not something asked of the reader, when it is neither an order nor
    a question itself and is long enough to state something."""
    own = outside_quotes(text)
    if _asks(own) or _order_head(own) is None:
        return None
    found = _GOVERNED.search(own)
    if found is None or _relative_that(own[: found.end()]):
        return None
    rest = text[found.end() :]
    if len(_words(rest)) < _STATED_WORDS or asks_or_orders(rest) is not None:
        return None
    return found.end()


def _relative_that(head: str) -> bool:
    """'Explain the reasons that ...': after a determiner's noun, "that" opens a relative clause
    about it, part of what is asked, not a statement the order governs."""
    words = _words(head)
    return words[-1:] == ["that"] and bool(set(words[:-1]) & word_classes().determiners)


def speaks_to_model(text: str, starts_inside: bool = False) -> str | None:
    """Why the sentence surely speaks to a model that reads it, or None: it orders its reader
    to say or write something, gives it a role, tells it what to do with its own text ("your
    answer"), presents a text as a reply does, or says what a text about the article must say
    (even inside a quote: "Any summary of this story must say ...")."""
    own = outside_quotes(text, starts_inside or _closes_first(text))
    if not _ASCII_LETTER.search(own):  # no word (`_WORD` is ASCII letters)
        return None
    if _gives_order(own):
        return "an order to whoever reads it (an imperative about saying or writing)"
    if "you" in lowered(text):  # "you" or "your": most news has neither (see `_mentions`)
        words = _words(own)
        if _tells_second_person(words):
            return "it tells a second person what to do or what it is"
        if _your_text(own, words):
            return "it tells its reader what to do with a text of theirs ('your answer')"
        if _asked_to_say(words):
            return "it asks a second person to say or write something"
    if presents_text(own):
        return "it presents a text that follows, as a model's reply does"
    if _mentions(text, _obligation_keywords()) and _text_must_say(_words(text)):
        return "it says what a text must say, as an order to whoever writes it"
    return None


_ASCII_LETTER = re.compile(r"[A-Za-z]")


@cache
def _obligation_keywords() -> tuple[str, ...]:
    """The obligation words that hold no other one ("needs" holds "need"): a text holds one of
    these exactly when it holds one of them all."""
    words = word_classes().obligation
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def _mentions(text: str, words: Iterable[str]) -> bool:
    """Whether the lowered text holds one of `words` (lower case, ASCII) at all: it must, for
    `_words(text)` or the words of its unquoted part to hold one, and a substring test on the
    sentence's lowered text (read once for every detector) spares cutting it into words."""
    return mentions_any(lowered(text), words)


def _words(text: str) -> list[str]:
    return list(_sentence_words(text))


@sentence_memo()
def _sentence_words(text: str) -> tuple[str, ...]:
    """Memoized: the gate and the statement test read each sentence's words, quotes masked
    the same way."""
    if "İ" in text or "\u212a" in text:  # the two letters that lower-case to ASCII ones
        return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))
    return tuple(_WORD.findall(text.replace("’", "'").lower()))  # the same words, at once


def _asks(own: str) -> bool:
    """A direct question in the article's own voice ("What is the capital of Brazil?"): it asks
    its reader and states nothing."""
    return own.rstrip(" \"'”’)]").endswith("?")


def _your_text(own: str, words: list[str]) -> bool:
    """An order about 'your answer', 'your response', 'your reply's words': the reader's own
    text, which only a writer being given instructions has. The order opens the sentence or
    follows a phrase that opens it ("In your response, suggest ...")."""
    if not any(_your_noun(words, i) for i, word in enumerate(words[:-1]) if word == "your"):
        return False
    clauses = [own, *(part for part in re.split(r"[,;:]", own)[1:2])]
    return any(_opens_with_verb(clause) for clause in clauses)


def _opens_with_verb(clause: str) -> bool:
    """Whether the clause opens with a word that may be a verb ("Group letters ...", "Render
    your message ...") and no subject: with "your answer" in it, an order about that text,
    even where the word's commonest sense is a noun."""
    if _order_head(clause) is not None:
        return True
    words = _words(clause[_LEAD.match(clause).end() :])  # type: ignore[union-attr]
    classes = word_classes()
    if not words or words[0] in classes.function_words:
        return False
    verb = any(kind.startswith("verb.") for kind in wordnet().kinds(words[0]))
    after = words[1] if len(words) > 1 else ""
    return verb and after not in classes.auxiliaries and not _finite_verb(after)


def _your_noun(words: list[str], index: int) -> bool:
    after = words[index + 1 : index + 3]
    nouns = after if after[:1] and _is_adjective(after[0]) else after[:1]
    return any(_means_text(noun) for noun in nouns)


def _is_adjective(word: str) -> bool:
    kinds = wordnet().kinds(word)
    return bool(kinds) and kinds[0].startswith("adj.")


def _means_text(word: str) -> bool:
    """A noun with a sense that is a text a writer produces ("response", "answer", "reply")."""
    return "noun.communication" in wordnet().kinds(word.removesuffix("'s"))


def _asked_to_say(words: list[str]) -> bool:
    """'Could you kindly mention ...', 'Can you show me ...', 'How do you say ...': a question
    that asks a second person to say or write something (a verb of saying first, or one with a
    sense of saying that is to be done for the asker: "show me")."""
    classes = word_classes()
    for index, word in enumerate(words[1:-1], start=1):
        if word != "you" or words[index - 1] not in classes.auxiliaries:
            continue
        then = [w for w in words[index + 1 : index + 4] if w not in classes.politeness]
        if not then or not is_base_verb(then[0]):
            continue
        kinds = wordnet().kinds(then[0])
        for_asker = then[1:2] in (["me"], ["us"]) and "verb.communication" in kinds
        if kinds[0] == "verb.communication" or for_asker:
            return True
    return False


def _text_must_say(words: list[str]) -> bool:
    """'Any summary (of this story) must say ...': a text, opened by a determiner, that is told
    what it must say, which is an order to whoever writes it, wherever it stands."""
    classes = word_classes()
    if classes.obligation.isdisjoint(words[2:-1]):  # where the loop below looks for one
        return False
    for index, word in enumerate(words[1:], start=1):
        if words[index - 1] not in classes.determiners or _first_kind(word) != "noun.communication":
            continue
        for at in range(index + 1, min(index + 1 + _OBJECT_WORDS, len(words) - 1)):
            if words[at] in classes.obligation:
                verb = (
                    words[at + 2]
                    if words[at + 1] == "to" and at + 2 < len(words)
                    else words[at + 1]
                )
                return is_base_verb(verb) and _first_kind(verb) == "verb.communication"
    return False


def _closes_first(text: str) -> bool:
    """Whether the first quote mark closes a quote ('We won.” He left.'): the sentence starts
    inside a quote opened in an earlier paragraph, as news quotes run on."""
    closing = text.find("”")
    opening = text.find("“", 0, closing) if closing >= 0 else -1
    return closing >= 0 and opening < 0


def _gives_order(own: str) -> bool:
    """An imperative at the head of the sentence aimed at the one reading the text.

    The head is a verb in its dictionary form whose most frequent sense is a verb ("Ignore",
    "Write"; not "Still" or "Police"), opening its object ("the", "all", "this") or negated;
    it is aimed at a prompt's reader when the verb is one of saying, when its object is a
    text ("the summary", "previous instructions"), when it asks politely, or when it calls a
    chat-format role by name ("Assistant, ...").
    """
    head = _order_head(own)
    if head is None:
        return False
    verb, rest, polite, called, negated = head
    opens_object = (
        rest[:1] == []
        or rest[0] in word_classes().determiners
        or rest[0] in _WH
        or _is_adjective(rest[0])  # "Ignore previous instructions"
    )
    if not opens_object and not negated:
        return False
    return (
        polite
        or called
        or _first_kind(verb) == "verb.communication"
        or _names_text(rest[:_OBJECT_WORDS])
        or (rest[:1] == ["that"] and _can_say(verb))
    )


_CLAUSE_END = re.compile(r"[,;:—–]")


@sentence_memo()
def _order_head(own: str) -> tuple[str, list[str], bool, bool, bool] | None:
    """(verb, the words after it, polite, a role called by name, negated) when the sentence
    opens as an imperative: a verb in its dictionary form after a list marker, a vocative,
    "please" or a negation, not followed by a finite verb (as a subject is: "Protest grows"),
    a modal or "of" (as a noun is: "Use of force").

    Memoized (the gate and the statement test ask about each sentence): callers read the words
    after the verb and never change them."""
    classes = word_classes()
    head = own[_LEAD.match(own).end() :]  # type: ignore[union-attr]  # the pattern always matches
    vocative = _VOCATIVE.match(head)
    called = vocative is not None and vocative.group(1).split()[-1].lower() in classes.roles
    if vocative is not None and (called or _is_name(vocative.group(1))):
        head = head[vocative.end() :]
    if not _may_open_order(head):  # the clause's first word, if it has one, is the head's
        return None
    clause = _CLAUSE_END.split(head, maxsplit=1)[0] if head[:1] != "," else head
    words = _words(clause)
    polite = bool(words) and words[0] in classes.politeness
    words = words[1:] if polite else words
    negated = bool(words) and words[0] in classes.negators
    words = [w for w in words[1:] if w != "not"] if negated else words
    if not words or not is_base_verb(words[0]):
        return None
    rest = words[1:]
    if rest and (rest[0] in classes.auxiliaries or rest[0] == "of" or _finite_verb(rest[0])):
        return None
    if _title_before_name(clause, words[0]):
        return None
    bare_noun = bool(rest) and rest[0] not in classes.function_words and _is_noun(rest[0])
    subject_verb = rest[1:2] != [] and _finite_verb(rest[1], any_sense=True)
    if bare_noun and (
        subject_verb
        or any(w in classes.auxiliaries or _finite_verb(w, past=False) for w in rest[1:])
    ):
        return None  # "Press relations were ...": a noun phrase and its verb
    return words[0], rest, polite, called, negated


def _may_open_order(head: str) -> bool:
    """Whether the first word of `head` may open an order: "please", a negation or a verb in its
    dictionary form. Most sentences open otherwise ("The", "Officials"), and this one word
    spares cutting the whole clause into words. It is `_words(head)[0]`: lowering changes no
    letter outside ASCII into one inside it but "İ" and the Kelvin sign, which go the long way."""
    if "İ" in head or "\u212a" in head:
        return True
    first = _WORD.search(head)
    if first is None:
        return False
    word = first.group(0).replace("’", "'").lower()
    classes = word_classes()
    return word in classes.politeness or word in classes.negators or is_base_verb(word)


def _title_before_name(clause: str, verb: str) -> bool:
    """'Judge Karin Ström said ...', 'Mayor Dana Whitfield ...': a capitalised word before a
    name is a title, not an order."""
    found = _WORD.findall(clause)
    at = next((i for i, w in enumerate(found) if w.lower() == verb), None)
    following = found[at + 1] if at is not None and at + 1 < len(found) else ""
    return following[:1].isupper() and following.lower() not in word_classes().function_words


def _is_noun(word: str) -> bool:
    kinds = wordnet().kinds(word)
    return bool(kinds) and kinds[0].startswith("noun.")


def _finite_verb(word: str, past: bool = True, any_sense: bool = False) -> bool:
    """An inflected verb ("grows", and with `past` "erupted"; never "-ing"): after a bare noun
    it shows the noun was the subject. With `any_sense`, a verb by any of its senses
    ("searched", whose commonest sense is the noun "search")."""
    lemma = wordnet().lemmas(word)[-1]
    if lemma == word or word.endswith("ing") or (word.endswith("ed") and not past):
        return False
    kinds = wordnet().kinds(lemma)
    senses = kinds if any_sense else kinds[:1]
    return any(kind.startswith("verb.") for kind in senses)


def _can_say(verb: str) -> bool:
    """'Write that ...', 'State that ...': a verb with a sense of saying or writing before a
    that-clause reports words to produce."""
    return bool({"verb.communication", "verb.creation"} & set(wordnet().kinds(verb)))


def _is_name(phrase: str) -> bool:
    """A one-word vocative that may be a name ("Claude, ..."): capitalised and no English
    word, so neither an adverb nor a connective ("Meanwhile, ...", "Still, ...")."""
    return len(phrase.split()) == 1 and phrase[:1].isupper() and not wordnet().is_word(phrase)


def _tells_second_person(words: list[str]) -> bool:
    """'You must summarise ...', 'You are now ...', 'You are a helpful assistant', 'Your
    summary must ...': an order to, or a role for, whoever reads the text. The article's own
    "you" (a reader it talks to, a person an open letter addresses) is neither given a
    chat-format role nor told to say or write something."""
    classes = word_classes()
    for index, word in enumerate(words[:-1]):
        after, then = words[index + 1], words[index + 2 : index + 2 + _OBJECT_WORDS]
        if word == "you" and after in {"are", "'re"} and _assigns_role(then):
            return True
        if word == "you" and after in classes.modals and _ordered_to_say(then):
            return True
        your_text = word == "your" and _first_kind(after) == "noun.communication"
        if your_text and then[:1] and then[0] in classes.modals and _ordered_to_say(then[1:]):
            return True
    return False


def _assigns_role(words: list[str]) -> bool:
    """'(you are) now ...', '(you are) a helpful assistant': a chat-format role."""
    return words[:1] == ["now"] or any(w in word_classes().roles for w in words)


def _ordered_to_say(words: list[str]) -> bool:
    """After a modal: '(must) summarise', '(are) to write a summary', '(will) include the
    words': a verb in its dictionary form that says or writes, or whose object is a text."""
    if words[:1] == ["to"]:
        words = words[1:]
    if not words or not is_base_verb(words[0]):
        return False
    return _first_kind(words[0]) == "verb.communication" or _names_text(words[1:3])


def _names_text(words: list[str]) -> bool:
    """Whether a noun among `words` names a text ("summary", "instructions", "answer");
    determiners are skipped ("his" is also WordNet's plural of "hi", a greeting)."""
    determiners = word_classes().determiners
    return any(_first_kind(w) == "noun.communication" for w in words if w not in determiners)


_CLITIC_WORDS = re.compile(r"[A-Za-z]+|['’][A-Za-z]+")


@cache
def _presentative_openers() -> frozenset[str]:
    return word_classes().presentatives | {"the"}


@sentence_memo()
def presents_text(text: str) -> bool:
    """'Here is the summary', 'Here's what you asked for', 'Below are the points', 'The
    following is ...': a sentence that introduces a text to come, which is how a model's
    answer opens, not how news reports.

    Memoized: the gate asks it of each sentence's unquoted words twice (whether the sentence
    speaks to a model, and whether its paragraph is a reply)."""
    classes = word_classes()
    found = _CLITIC_WORDS.finditer(text, 0, 40)
    first = next(found, None)  # nearly every sentence is told by its first word
    if first is None or first.group(0).lower() not in _presentative_openers():
        return False
    # three words are all it reads ("The following is"), so no more are cut and lowered
    words = [m.group(0).lower().replace("’", "'") for m in (first, *itertools.islice(found, 2))]
    if words[:1] == ["the"]:
        words = words[1:]
    return len(words) >= 2 and words[0] in classes.presentatives and words[1] in classes.be


@lru_cache(maxsize=65536)
def is_base_verb(word: str) -> bool:
    """Whether `word` is a verb in its dictionary form, as its most frequent sense ("write"; not
    "wrote", "writes", nor "still", whose verb sense is rare)."""
    net = wordnet()
    lemmas = net.lemmas(word)
    if lemmas[-1] != word or word in net.inflections:
        return False
    kinds = net.kinds(word)
    return bool(kinds) and kinds[0].startswith("verb.")


def _first_kind(word: str) -> str | None:
    kinds = wordnet().kinds(word)
    return kinds[0] if kinds else None


_ROLE_LABEL = re.compile(r"\W*([A-Za-z]+)\s*[:\]>|]")


def role_label(line: str) -> bool:
    """Whether a line opens with a chat-format speaker label ('System:', '### Assistant:',
    '[Instruction]')."""
    match = _ROLE_LABEL.match(line)
    return match is not None and match.group(1).lower() in word_classes().roles
