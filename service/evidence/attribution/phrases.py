"""Where the words naming a source stand around a reporting cue.

A source is a short noun phrase: before the cue ("Senator Jane Doe said", "people familiar
with the matter said"), after it when the order is inverted ('"...," said Bart Naylor'), after
"according to", or the subject of the clause for a participle ("..., saying that").
Spans are (first, last) token indices, inclusive.
"""

from service.evidence.attribution.lexicon import grammar_words, source_words, word_kinds
from service.evidence.attribution.tokens import QUOTE_MARKS, Token
from service.evidence.quantities import WORD_NUMBERS

Span = tuple[int, int]

SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "who"})
# Words skipped between a subject and its cue: "Trump has also said", "she later told".
BETWEEN = grammar_words("between")
FINITE = grammar_words("finite")
_BE = grammar_words("be")
# Verbs that take another verb with "to": "appeared to suggest", "went on to say".
_CATENATIVES = grammar_words("catenatives")
_PARTICLES = frozenset({"on", "out", "up"})
# Words no source phrase contains: verbs of being and having, modals, subordinators.
_STOP = grammar_words("stop")
# Words that open a clause before its subject: "Meanwhile, on Monday Trump said".
_LEADING = grammar_words("leading")
DETERMINERS = grammar_words("determiners")
# After a cue, these words end an inverted source: "said Trump in an interview".
_RIGHT_END = grammar_words("right_end")
_BY = frozenset({"by", "from", "of", "with"})
_ANONYMITY = frozenset({"anonymity", "named", "identified", "authorized", "authorised"})
_MAX_WORDS = 12
_SUBORDINATORS = grammar_words("subordinators")
CONJUNCTIONS = frozenset({"and", "but", "then", "or"})
# Quantifiers standing alone as a subject: an unnamed group ("some have speculated").
QUANTIFIER_SUBJECTS = grammar_words("quantifier_subjects")
_PREPOSITIONS = grammar_words("prepositions")
# First and second persons speak inside quotes, or are the writer: never a quoted source.
_NUMBERS = frozenset(WORD_NUMBERS)
_NOT_SPEAKERS = frozenset({"i", "you", "we", "me", "us"})
# Combinations of the sets above, made once: a rule testing `word in A | B` would build the
# union on every call.
_SPEAKING_PRONOUNS = SUBJECT_PRONOUNS - _NOT_SPEAKERS - {"it"}
_PERSONAL_PRONOUNS = SUBJECT_PRONOUNS - {"who", "it"}
_CLAUSE_JOINS = _SUBORDINATORS | CONJUNCTIONS
_LEADING_NOT_DETERMINERS = _LEADING - DETERMINERS
_DETERMINERS_OR_PREPOSITIONS = DETERMINERS | _PREPOSITIONS
_STOP_OR_PREPOSITIONS = _STOP | _PREPOSITIONS
_NOT_POSSESSORS = _STOP_OR_PREPOSITIONS | DETERMINERS


def left_source(tokens: list[Token], cue: int) -> Span | None:
    """The subject before the cue at token `cue`, or None (passive, empty or too long)."""
    end = skip_between(tokens, cue - 1, progressive=tokens[cue].lower.endswith("ing"))
    if end < 0 or tokens[end].lower in _BE:
        return None  # "was asked", "is expected": the speaker is not the subject
    if tokens[cue].lower.endswith("ing") and tokens[end].lower in _GERUND_OPENERS:
        # "Ryan, despite admitting that ...", "after saying": a gerund has no subject of its
        # own; whoever does it is the subject of the clause around it
        return coordinated_subject(tokens, end)
    if tokens[end].lower in _SPEAKING_PRONOUNS:
        return end, end  # "who", and "... seven months before he announced": the pronoun
    if tokens[end].lower == "which" and end >= 2 and tokens[end - 1].text == ",":
        # "the World Trade Organization, which writes the rules": a named body speaks
        return (end, end) if tokens[end - 2].capitalised else None
    if tokens[end].lower in QUANTIFIER_SUBJECTS and (end == 0 or _boundary_before(tokens, end)):
        return end, end  # "as some have speculated", "many think", "another says"
    last = end
    end = _before_parenthesis(tokens, _before_anonymity_clause(tokens, end))
    start = _phrase_start(tokens, end)
    if start >= 3 and tokens[start - 1].lower == "to" and participle_word(tokens[start - 2]):
        # "Democrats trying to regain control of the Senate say": the head before the participle
        head = _phrase_start(tokens, start - 3)
        if head <= start - 3:
            start = head
    plural = tokens[cue].lower.endswith("s")
    if start > end or end - start >= _MAX_WORDS or not _ends_in_a_noun(tokens, end, plural):
        return None
    if start == end and tokens[end].lower in _NOT_SPEAKERS:
        return None
    preposition = start if tokens[start].lower in _ADJUNCT_PREPOSITIONS else start - 1
    if (
        preposition >= 0
        and preposition < end
        and tokens[preposition].lower in _ADJUNCT_PREPOSITIONS
    ):
        return _before_prepositional_phrase(tokens, preposition, last, plural) or (start, last)
    return start, last


_ADJUNCT_PREPOSITIONS = grammar_words("adjunct_prepositions") - grammar_words("subordinators")
"""Not "after" or "since": they also open a clause whose subject follows ("after Trump said")."""


def _before_prepositional_phrase(
    tokens: list[Token], preposition: int, last: int, plural: bool
) -> Span | None:
    """The subject before a prepositional phrase that stands between it and its verb: the
    phrase is an adjunct of the verb ("who in 2015 said": "who") or modifies the subject,
    directly or through a participle ("Democrats in the House say", "protesters marching along
    the avenue chanted": the whole phrase). None when no subject stands right before it ("In
    a televised interview Jones declared": the phrase as found is the best guess)."""
    end = preposition - 1
    if end >= 0 and participle_word(tokens[end]) and tokens[end].lower.endswith("ing"):
        end -= 1  # "protesters marching along ..."
    if end < 0:
        return None
    if tokens[end].lower in _SPEAKING_PRONOUNS:
        return end, end
    start = _phrase_start(tokens, end)
    if start > end or last - start >= _MAX_WORDS or not _ends_in_a_noun(tokens, end, plural):
        return None
    if start > 0 and tokens[start - 1].lower in _ADJUNCT_PREPOSITIONS:
        return None  # a chain of phrases: too unsure which word is the subject
    return start, last


_GERUND_OPENERS = grammar_words("adjunct_prepositions") | grammar_words("subordinators")


def _boundary_before(tokens: list[Token], index: int) -> bool:
    before = tokens[index - 1]
    return (before.punctuation and before.text not in QUOTE_MARKS) or before.lower in _CLAUSE_JOINS


def skip_between(tokens: list[Token], end: int, progressive: bool = False) -> int:
    """Back from `end` over what stands between a subject and its cue: adverbs and
    auxiliaries ("has also said"), a raising or control verb with its "to" ("appeared to
    suggest", "went on to say"), and before a progressive form its "be" ("is telling")."""
    while end >= 0:
        word = tokens[end].lower
        if word in BETWEEN or (progressive and word in _BE) or _adverb(tokens[end]):
            end -= 1
        elif word == "to" and end > 0 and _catenative_before(tokens, end - 1):
            end = _catenative_before(tokens, end - 1) - 1
        else:
            break
    return end


def _adverb(token: Token) -> bool:
    """ "cynically", "jokingly": a manner adverb between a subject and its verb (WordNet's first
    sense an adverb, so "family" or "ally" stays a noun)."""
    if not token.lower.endswith("ly") or token.capitalised:
        return False
    kinds = word_kinds(token.lower)
    return bool(kinds) and kinds[0] == "adv.all"


def participle_word(token: Token) -> bool:
    """A lower-case -ing or -ed word WordNet knows as a verb ("trying", "based")."""
    if token.capitalised or not token.lower.endswith(("ing", "ed")):
        return False
    return any(kind.startswith("verb.") for kind in word_kinds(token.lower))


def _any_verb(word: str) -> bool:
    return any(kind.startswith("verb.") for kind in word_kinds(word))


def _verb_form(word: str) -> bool:
    kinds = word_kinds(word)
    return bool(kinds) and kinds[0].startswith("verb.")


def _catenative_before(tokens: list[Token], index: int) -> int:
    """The index of a catenative verb ending at `index` ("appeared", "went on"), else 0."""
    if tokens[index].lower in _PARTICLES and index > 0:
        index -= 1
    return index if index > 0 and tokens[index].lower in _CATENATIVES else 0


def _phrase_start(tokens: list[Token], end: int) -> int:
    start = end
    while start >= 0 and _inside_phrase(tokens, start):
        start -= 1
    start += 1
    while start <= end and tokens[start].lower in _LEADING and not tokens[start].capitalised:
        start += 1
    while start <= end and tokens[start].lower in _LEADING_NOT_DETERMINERS:
        start += 1  # a capitalised "On" or "Meanwhile" opening the sentence
    for index in range(end - 1, start - 1, -1):
        word = tokens[index]
        verb_like = word.lower.endswith(("ing", "ed")) and not word.capitalised
        if verb_like and (index == start or tokens[index - 1].capitalised):
            return index + 1  # "citing the report", "Trump finished 1-2 in ...": a verb
    return start


def _inside_phrase(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    if token.capitalised and token.lower in _STOP and index > 0:
        # "In particular, Will wrote": a capitalised "Will" or "May" inside a sentence is a name
        return tokens[index - 1].text == "," or tokens[index - 1].capitalised
    if token.lower == "to":  # "a source close to the minister"
        return index > 0 and tokens[index - 1].lower == "close"
    if token.lower == "and":  # "Hillary Clinton and Senator Bernie Sanders"
        return (
            0 < index < len(tokens) - 1
            and tokens[index - 1].capitalised
            and tokens[index + 1].capitalised
        )
    if is_abbreviation(tokens, index):
        return True
    if token.punctuation or token.lower in _STOP or token.lower in _SUBORDINATORS:
        return False  # "one day after [a CNN/ORC poll] showed"
    return not token.lower.endswith(("n't", "n’t"))


def _ends_in_a_noun(tokens: list[Token], end: int, plural_cue: bool = False) -> bool:
    """A subject ends in its head noun: not "his", "the" or "into", nor a word WordNet knows
    only as another part of speech ("in earlier [states]", "took [questions]"); before a cue
    that may be a plural noun, not a capitalised adjective standing alone ("Western [states]",
    where "Jolly said" keeps its name)."""
    token = tokens[end]
    if (
        end > 0
        and tokens[end - 1].lower == "in"
        and (token.text.isdigit() or token.lower in _NUMBERS)
    ):
        return True  # "About one in five", "4 in 10": a share of people
    if not token.capitalised:
        if token.lower in _DETERMINERS_OR_PREPOSITIONS:
            return False
        kinds = word_kinds(token.lower)
        return not kinds or any(kind.startswith("noun.") for kind in kinds)
    if not plural_cue:
        return True
    if end > 0 and (tokens[end - 1].capitalised or is_abbreviation(tokens, end - 1)):
        return True  # part of a name: "Mr. White", "Jack Young"
    kinds = word_kinds(token.lower)
    return not kinds or not kinds[0].startswith("adj.")


def _before_parenthesis(tokens: list[Token], end: int) -> int:
    """ "Gov. Phil Bryant (R) said": the subject ends before the parenthesis."""
    if tokens[end].text != ")":
        return end
    for index in range(end - 1, max(end - 8, -1), -1):
        if tokens[index].text == "(":
            return index - 1 if index > 0 else end
    return end


def _before_anonymity_clause(tokens: list[Token], end: int) -> int:
    """Skip back over "who spoke on condition of anonymity" so the phrase is its subject."""
    for index in range(end, max(end - 14, -1), -1):
        if tokens[index].punctuation:
            return end
        if tokens[index].lower == "who":
            words = {t.lower for t in tokens[index : end + 1]}
            return index - 1 if words & _ANONYMITY else end
    return end


def stands_after_content(tokens: list[Token], source: Span | None, cue: int) -> bool:
    """The cue (or its subject) follows a comma or a quote: the content came first."""
    first = source[0] if source is not None and source[1] < cue else cue
    return first > 0 and (tokens[first - 1].text == "," or tokens[first - 1].text in QUOTE_MARKS)


def right_source(tokens: list[Token], after: int) -> Span | None:
    """An inverted source right after the cue: "said Bart Naylor", "said a source close to"."""
    if after >= len(tokens):
        return None
    first = tokens[after]
    if first.lower in _PERSONAL_PRONOUNS:
        return after, after
    if first.lower in _LEADING:
        return None  # "announced Friday": a time, not a speaker
    if not (
        first.capitalised
        or first.lower in DETERMINERS
        or _is_anonymous(first)
        or _role_before_name(tokens, after)
    ):
        return None
    end = _phrase_end(tokens, after)
    if end < after or end - after >= _MAX_WORDS or tokens[end].lower in DETERMINERS:
        return None
    return after, end


def _role_before_name(tokens: list[Token], start: int) -> bool:
    """ "said former Obama adviser David Axelrod", "said retired neurosurgeon Ben Carson": up to
    three lower-case words of a role before the name."""
    for token in tokens[start : start + 4]:
        if token.punctuation or token.lower in _STOP:
            return False
        if token.capitalised:
            return token is not tokens[start]
    return False


def _phrase_end(tokens: list[Token], start: int) -> int:
    """The last token of a noun phrase starting at `start`, with an unnamed source's
    modifiers ("close to the campaign") and name-internal "of" ("Department of Justice")."""
    modifiers = source_words().modifiers
    index, anonymous = start, False
    while index < len(tokens):
        token = tokens[index]
        if token.punctuation and is_abbreviation(tokens, index) and index > start:
            index += 1  # "Jock A. Finlayson"
            continue
        if token.punctuation or (token.lower in _STOP and not _name_word(tokens, index)):
            break
        anonymous = anonymous or _is_anonymous(token)
        if anonymous and index > start:
            modifier = _modifier_at(tokens, index, modifiers)
            if modifier:
                index += modifier
                continue
        if token.lower in _RIGHT_END and index > start:
            break
        if token.lower in {"of", "for"} and not _capital_next(tokens, index):
            break
        index += 1
    return index - 1


def _name_word(tokens: list[Token], index: int) -> bool:
    """A capitalised word before another, inside a name: "Will Doyle", "May Lee"."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return tokens[index].capitalised and following is not None and following.capitalised


def _modifier_at(tokens: list[Token], index: int, modifiers: tuple[tuple[str, ...], ...]) -> int:
    words = tuple(t.lower for t in tokens[index : index + 6])
    for modifier in modifiers:
        if words[: len(modifier)] == modifier:
            return len(modifier)
    return 0


def _capital_next(tokens: list[Token], index: int) -> bool:
    following = tokens[index + 1 : index + 3]
    return any(t.capitalised for t in following) and not any(t.punctuation for t in following)


def _is_anonymous(token: Token) -> bool:
    return token.lower in source_words().anonymous


def according_source(tokens: list[Token], after: int) -> Span | None:
    """The source after "according to", past a document ("a statement by the ministry")."""
    if after >= len(tokens) or tokens[after].punctuation or tokens[after].lower in _STOP:
        return None
    start, end = after, _phrase_end(tokens, after)
    if end < start:
        return None
    for index in range(start, end):
        if tokens[index].lower not in source_words().documents:
            continue
        by = index + 1
        while by < end and tokens[by].lower in {"published", "posted", "issued", "released"}:
            by += 1
        if tokens[by].lower in _BY:
            inner = right_source(tokens, by + 1)
            if inner is not None:
                start, end = inner
            break
    return start, _with_appositive_name(tokens, end)


def _with_appositive_name(tokens: list[Token], end: int) -> int:
    """ "the region's governor, Vladimir Saldo": the name after a role belongs to it."""
    if tokens[end].capitalised or end + 2 >= len(tokens) or tokens[end + 1].text != ",":
        return end
    index = end + 2
    while index < len(tokens) and tokens[index].capitalised and not tokens[index].punctuation:
        index += 1
    closes = index >= len(tokens) or tokens[index].punctuation
    return index - 1 if index - (end + 2) >= 2 and closes else end


def apposed_source(tokens: list[Token], comma: int) -> Span | None:
    """ "Bart Naylor, a lawyer, said": the subject before one or two comma- or dash-bounded
    appositions ("Christopher Shelton, the union's president, which endorsed Sanders, said")."""
    delimiter = tokens[comma].text
    while delimiter in _DASHES and comma > 0 and tokens[comma - 1].text == delimiter:
        comma -= 1  # "--"
    for _ in range(2):
        opening = _opening(tokens, comma, delimiter)
        if opening is None or not _is_apposition(tokens[opening + 1 : comma]):
            return None
        found = left_source(tokens, opening)
        if found is not None and not (found[0] == found[1] and tokens[found[0]].text.isdigit()):
            return _named_before(tokens, found)
        comma = opening  # "Woodrow Benford, 58, who lives outside Minneapolis, says": an age
    return None


def _named_before(tokens: list[Token], found: Span) -> Span:
    """ "Christopher Shelton, the union's president, ...": the name before a role apposition."""
    start = found[0]
    if start < 2 or tokens[start - 1].text != "," or tokens[start].lower not in DETERMINERS:
        return found
    name = left_source(tokens, start - 1)
    return name if name is not None and tokens[name[1]].capitalised else found


def _opening(tokens: list[Token], closing: int, delimiter: str) -> int | None:
    """The delimiter opening an apposition that `closing` ends; between dashes, commas may
    stand ("— including Muslims, Christians, Jews —"); "--" is one dash."""
    dash = delimiter in _DASHES
    for index in range(closing - 1, max(closing - 30, -1), -1):
        token = tokens[index]
        if token.text == delimiter:
            while dash and index > 0 and tokens[index - 1].text == delimiter:
                index -= 1
            return index
        if (
            token.punctuation
            and token.text not in QUOTE_MARKS
            and not is_abbreviation(tokens, index)
            and not (dash and token.text == ",")
        ):
            return None
    return None


_DASHES = frozenset({"—", "–", "-"})


def is_abbreviation(tokens: list[Token], index: int) -> bool:
    """The full stop of "Mr.", "Jr." or an initial, which belongs to a name."""
    if tokens[index].text != "." or index == 0:
        return False
    before = tokens[index - 1]
    return before.capitalised and len(before.text) <= 3


def _is_apposition(words: list[Token]) -> bool:
    """ ", a lawyer,", ", who spoke to reporters,", ", in a statement,": not a clause."""
    if not words:
        return False
    for word in words:
        if word.lower in {"who", "whose", "which", "speaking", "writing"}:
            return True  # a relative clause may hold any verb
        if word.lower in FINITE:
            return False
    return True


def coordinated_subject(tokens: list[Token], conjunction: int) -> Span | None:
    """ "Rubio thanked Miami and said ...": the subject of the clause the cue joins."""
    boundary = conjunction - 1
    while boundary >= 0 and not _clause_boundary(tokens, boundary):
        boundary -= 1
    # "Balitskiy, in a message, confirmed the attack, stating ...": a clause without its own
    # subject shares the sentence's; so does a participle after a subordinate clause ("Putin
    # veered close to an admission that Russian soldiers fought, saying ...").
    participle = tokens[conjunction].text == ","
    while participle and boundary > 0 and _verbless(tokens[boundary + 1 : conjunction]):
        # "... the flooding in Harris County, Texas, arguing": a place or an apposition set off
        # by commas has no verb, so it is no clause the participle could share a subject with
        conjunction, boundary = boundary, boundary - 1
        while boundary >= 0 and not _clause_boundary(tokens, boundary):
            boundary -= 1
    if participle and boundary >= 0 and tokens[boundary].lower in _SUBORDINATORS:
        return _opening_subject(tokens, 0) or _opening_subject(tokens, boundary + 1)
    return _opening_subject(tokens, boundary + 1) or _opening_subject(tokens, 0)


def _verbless(words: list[Token]) -> bool:
    """No finite verb and no lower-case word whose most frequent sense is a verb."""
    return not any(
        word.lower in FINITE
        or participle_word(word)
        or (not word.capitalised and _verb_form(word.lower))
        for word in words
    )


def _clause_boundary(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    if token.lower in _SUBORDINATORS:
        return True
    return (
        token.punctuation and token.text not in QUOTE_MARKS and not is_abbreviation(tokens, index)
    )


def _opening_subject(tokens: list[Token], start: int) -> Span | None:
    """A pronoun or a (titled) name opening a clause at `start`, after a dateline ("PARIS, Aug
    31 (Reuters) - ...")."""
    if start == 0:
        start = _after_dateline(tokens)
    while start < len(tokens) and (tokens[start].lower in _LEADING or tokens[start].punctuation):
        start += 1
    if start >= len(tokens) or tokens[start].lower in _STOP_OR_PREPOSITIONS:
        return None  # "When Mr. Rubio ...", "Like Corker, ...": not the clause's subject
    if tokens[start].lower.endswith("ing") and _any_verb(tokens[start].lower):
        return None  # "Speaking in his real voice, he ...": a participle, not a name
    if tokens[start].lower in _PERSONAL_PRONOUNS:
        return start, start
    if tokens[start].lower in _EXPLETIVES:
        return None  # "It goes without saying", "There is ...": no one
    end = start
    while end < len(tokens) and (
        (tokens[end].capitalised and not tokens[end].punctuation) or is_abbreviation(tokens, end)
    ):
        end += 1
    return (start, end - 1) if end > start and end - start <= 6 else None


_EXPLETIVES = frozenset({"it", "it's", "it’s", "there", "there's", "there’s"})


def _after_dateline(tokens: list[Token]) -> int:
    """The first token after a wire dateline (a place in capitals, a comma, ..., a dash)."""
    if len(tokens) < 3 or not (tokens[0].text.isupper() and len(tokens[0].text) > 1):
        return 0
    if tokens[1].text in _DASHES:
        return 2  # "WASHINGTON — Sen. Bernie Sanders ..."
    if tokens[1].text != ",":
        return 0
    for index in range(2, min(len(tokens), 16)):
        if tokens[index].text in {"-", "—", "–"}:
            return index + 1
    return 0


def colon_source(tokens: list[Token]) -> Span | None:
    """ "Paul Ryan: FBI decision defies explanation", "pollster Daron Shaw: “...”": a name
    before a colon that opens the sentence, or that opens a quote."""
    for index, token in enumerate(tokens):
        if token.text != ":":
            continue
        opens_quote = index + 1 < len(tokens) and tokens[index + 1].text in QUOTE_MARKS
        if index == 0 or not (opens_quote or _opening_subject(tokens, 0) == (0, index - 1)):
            return None
        start = index - 1
        while start >= 0 and (tokens[start].capitalised or is_abbreviation(tokens, start)):
            start -= 1
        if index - start - 1 in range(1, 6) and tokens[index - 1].capitalised:
            return start + 1, index - 1
        return None
    return None


def possessor_source(tokens: list[Token], end: int) -> Span | None:
    """The possessor ending at `end` ("the ministry's", "Vice President Mike Pence's"): a run
    of capitalised words, or a determiner and up to two nouns ("the regional council's")."""
    if not tokens[end].possessive:
        return None
    start = end
    while start > 0 and end - start < 5 and _possessor_word(tokens[start - 1], tokens[end]):
        start -= 1
    if start > 0 and tokens[start - 1].lower in {"the", "a", "an"}:
        start -= 1
    return start, end


def _possessor_word(word: Token, head: Token) -> bool:
    if word.punctuation or word.lower in _NOT_POSSESSORS:
        return False
    return word.capitalised or not head.capitalised
