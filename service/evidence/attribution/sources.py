"""What kind of source a phrase names: a person, an institution, an unnamed source."""

import re
from functools import lru_cache

from service.evidence.attribution.lexicon import grammar_words, person_nouns, source_words
from service.evidence.attribution.people import Person, Registry
from service.evidence.attribution.phrases import DETERMINERS, QUANTIFIER_SUBJECTS, Span
from service.evidence.attribution.tokens import Token
from service.evidence.model import Attribution
from service.evidence.quantities import WORD_NUMBERS

_TITLES = (
    *("Governor", "Gov.", "President", "Prime Minister", "Minister", "Mayor", "General", "Gen."),
    *("Colonel", "Spokesman", "Spokeswoman", "Spokesperson", "Senator", "Sen.", "Rep."),
    *("Representative", "Commander", "Chief", "Head", "Ambassador", "Dr.", "Mr.", "Mrs.", "Ms."),
    *("Secretary", "Judge", "Justice", "Speaker", "Chairman", "Chairwoman", "Gov", "Sen", "Rep"),
    *("Dr", "Mr", "Mrs", "Ms"),
)
"""In the order the alternation tries them: "Gov." before "Gov"."""


def _by_first_letter(words: tuple[str, ...]) -> str:
    """An alternation of `words`, grouped by first letter and in their order within a group:
    the same matches (words of different first letters never compete at one position), but at
    a capital the engine tries one group, not every word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    alternatives = (f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())
    return f"(?:{'|'.join(alternatives)})"


_TITLE = _by_first_letter(_TITLES)
_NAME_WORD = r"[A-ZА-ЯЁ][\w’'-]*[a-zа-яё]"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
TITLED_NAME = re.compile(rf"(?:(?P<title>{_TITLE})\s+)?(?P<name>{_NAME})")
# The same matches (every one starts at a capital) in one scan: the lookahead drops a lower-case
# position at once, where the bare pattern tries every title (and a scan by capitals, a Python
# step per capital: prefilter.finditer_at_capitals, costs more here).
_TITLED_NAME_AT_CAPITAL = re.compile(rf"(?=[A-ZА-ЯЁ]){TITLED_NAME.pattern}")
_TITLE_WORDS = grammar_words("titles")
_PERSONAL = frozenset({"he", "she"})
# Combinations made once: a test `word in A | B` would build the union on every call.
_PERSONAL_OR_WHO = _PERSONAL | {"who"}
_PERSONAL_OR_PLURAL = _PERSONAL | {"they", "we", "i"}
_PRONOUNS = _PERSONAL_OR_PLURAL | {"it", "who"}
_TITLE_WORDS_OR_STOP = _TITLE_WORDS | {"."}
# Capitalised words that open a sentence or a phrase without naming anyone.
_NOT_NAMES = grammar_words("not_names")
_STRIP_PUNCT = ",;: "


def register_titled_people(text: str, registry: Registry) -> None:
    """Titled names and reference officials; other people register when they speak."""
    for match in _TITLED_NAME_AT_CAPITAL.finditer(text):
        name = _person_name(match.group("name"))
        if name is None:
            continue
        if match.group("title") or registry.factbase.official_named(name):
            registry.register(name, match.group("title"))


@lru_cache(maxsize=16384)
def _person_name(raw: str) -> str | None:
    """The name a capitalised run gives a person, if any; remembered, since every article
    opens sentences with "The" or "But" and names the same few people. A memo of names, not
    of sentences (not `sentence_memo`): it stays warm from one article to the next, as in the
    service, and depends on nothing but the shipped tables."""
    name = _strip_openers(raw)
    return None if name is None or _is_organisation(name) else name


def _strip_openers(raw: str) -> str | None:
    words = raw.split()
    while words and words[0] in _NOT_NAMES:
        words.pop(0)
    return " ".join(words).removesuffix("’s").removesuffix("'s") if words else None


def _is_organisation(name: str) -> bool:
    return name.split()[-1].removesuffix("’s").removesuffix("'s") in source_words().organisation


def names_a_source(tokens: list[Token], span: Span) -> bool:
    """Whether a phrase can name a speaker: "said Trump", "said a source", not "said the plan"."""
    words = tokens[span[0] : span[1] + 1]
    lexicon = source_words()
    return any(
        w.capitalised or w.lower in lexicon.anonymous or w.lower in _TITLE_WORDS for w in words
    ) or (len(words) == 1 and words[0].lower in _PERSONAL_OR_PLURAL)


def source_for(
    tokens: list[Token], span: Span, text: str, offset: int, registry: Registry, verb: str
) -> Attribution | None:
    """The attribution for the phrase `tokens[span]`; offsets are `offset` + sentence offsets."""
    words = tokens[span[0] : span[1] + 1]
    start, end = offset + words[0].start, offset + words[-1].end
    phrase = text[words[0].start : words[-1].end].strip(_STRIP_PUNCT)
    if len(words) == 1 and words[0].lower in _PRONOUNS:
        return _pronoun(words[0], tokens, span[0], registry, verb, start, end)
    if len(words) == 1 and words[0].lower == "which":
        body = _name_before(tokens, span[0] - 1, organisations=True)
        return Attribution("named_source", body, None, None, verb, start, end) if body else None
    if len(words) == 1 and words[0].lower in QUANTIFIER_SUBJECTS:
        return _unnamed(registry, words[0].lower, verb, start, end)
    if len(words) > 2 and words[-2].lower == "in" and words[-1].lower in _NUMBERS_OR_DIGITS:
        # "About one in five say": a share of those polled, named by what it is
        return Attribution("named_source", None, _role(phrase), None, verb, start, end)
    head = _head(words)
    if head is None:
        return None
    if words[head].lower in source_words().anonymous:
        return _unnamed(registry, _role(phrase), verb, start, end)
    name_run = _name_run(words, head)
    if name_run is None:
        return _by_role(phrase, words, registry, verb, start, end)
    first, last = name_run
    if first == last and words[first].lower in source_words().documents:
        return _by_role(phrase, words, registry, verb, start, end)  # "Polls show ..."
    name = _strip_openers(text[words[first].start : words[last].end].rstrip("."))
    if name is None:
        return _by_role(phrase, words, registry, verb, start, end)
    role = _role(text[words[0].start : words[first].start]) or None
    if _is_organisation(name) or len(name.split()) > 3:
        return Attribution("named_source", name, role, None, verb, start, end)
    person = registry.resolve(name) if len(name.split()) == 1 else None
    person = person or registry.register(name, role)
    return _person(person, verb, role, start, end)


def _pronoun(
    word: Token,
    tokens: list[Token],
    at: int,
    registry: Registry,
    verb: str,
    start: int,
    end: int,
) -> Attribution:
    if word.lower == "who" and at >= 2 and tokens[at - 1].text == ",":
        antecedent = _name_before(tokens, at - 1)
        if antecedent:
            return _person(registry.register(antecedent, None), verb, None, start, end)
    latest = registry.latest() if word.lower in _PERSONAL_OR_WHO else None
    if latest is not None and latest.unnamed:
        return Attribution("anonymous_source", None, latest.role, None, verb, start, end)
    if latest is not None:
        return _person(latest, verb, None, start, end)
    return Attribution("named_source", None, word.text, None, verb, start, end)


def _name_before(tokens: list[Token], comma: int, organisations: bool = False) -> str | None:
    """The capitalised name before the comma of a relative clause: a person's (for "who"),
    or any body's (for "which")."""
    index = comma - 1
    while index >= 0 and tokens[index].capitalised and not tokens[index].punctuation:
        index -= 1
    words = [t.text for t in tokens[index + 1 : comma]]
    name = _strip_openers(" ".join(words)) if words else None
    return name if name and (organisations or not _is_organisation(name)) else None


def _person(person: Person, verb: str, role: str | None, start: int, end: int) -> Attribution:
    return Attribution(
        "named_source", person.name, role or person.role, person.affiliation, verb, start, end
    )


def _head(words: list[Token]) -> int | None:
    """The phrase's head: the last word before a modifier ("people [familiar with ...]")."""
    head = None
    for index, word in enumerate(words):
        modifies = head is not None  # "an inside source": "inside" before any head is no modifier
        modifier = word.lower in _HEAD_MODIFIERS
        if index > 0 and modifies and modifier and not _inside_name(words, index):
            break
        if word.punctuation:
            continue
        if word.lower not in DETERMINERS or (word.capitalised and index > 0):
            head = index
    return head


_HEAD_MODIFIERS = frozenset(m[0] for m in source_words().modifiers) | {"who", "speaking"}


def _inside_name(words: list[Token], index: int) -> bool:
    return words[index - 1].capitalised and index + 1 < len(words) and words[index + 1].capitalised


def _name_run(words: list[Token], head: int) -> tuple[int, int] | None:
    """The capitalised words ending at the head ("Senator Jane Doe"), titles left out."""
    if not words[head].capitalised:
        return None
    first = head
    while first > 0 and (words[first - 1].capitalised or words[first - 1].text == "."):
        first -= 1
    while first < head and words[first].lower.rstrip(".") in _TITLE_WORDS_OR_STOP:
        first += 1
    return first, head


def _by_role(
    phrase: str, words: list[Token], registry: Registry, verb: str, start: int, end: int
) -> Attribution | None:
    """ "the governor’s office", "the campaign", "a new poll": named by what it is."""
    if all(w.lower in DETERMINERS for w in words):
        return None
    role = _role(phrase)
    for word in words:
        noun = word.lower.removesuffix("’s").removesuffix("'s")
        if noun in _TITLE_WORDS and noun not in {"former", "state", "acting", "vice", "deputy"}:
            person = registry.by_role(noun)
            if person is not None:
                return _person(person, verb, role, start, end)
    if _unnamed_participant(words) and (
        words[0].lower not in _DEFINITE or registry.unnamed_with(words[-1].lower)
    ):
        return _unnamed(registry, role, verb, start, end)
    return Attribution("named_source", None, role, None, verb, start, end)


def _unnamed_participant(words: list[Token]) -> bool:
    """ "an investor", "one resident", and "the investor" after one: a person the article
    gives no name or office, however close a named person stands ("the auditor" with no
    unnamed auditor before is an office, named by its role)."""
    head = words[-1].lower
    if head in _TITLE_WORDS or head not in person_nouns():
        return False
    if words[0].lower not in _ARTICLES:
        return False  # "the plant's owner", "Acme's founder": anchored to what it names
    return all(not w.capitalised or w.lower in DETERMINERS for w in words)


_INDEFINITE = frozenset({"a", "an", "one", "another", "some"})
_NUMBERS = frozenset(WORD_NUMBERS)
_DIGITS = frozenset(str(n) for n in range(1, 101))
_DEFINITE = frozenset({"the", "this", "that"})
_ARTICLES = _INDEFINITE | _DEFINITE
_NUMBERS_OR_DIGITS = _NUMBERS | _DIGITS


def _unnamed(registry: Registry, role: str | None, verb: str, start: int, end: int) -> Attribution:
    registry.register_unnamed(role)
    return Attribution("anonymous_source", None, role, None, verb, start, end)


def _role(phrase: str) -> str:
    words = phrase.strip(_STRIP_PUNCT).split()
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words).removesuffix("’s").removesuffix("'s")
