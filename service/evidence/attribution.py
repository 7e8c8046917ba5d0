"""Who asserts each sentence: a named source, an unnamed one, the outlet, or nobody.

Works over the whole document because attribution in news copy runs across sentences: a quote
is closed by "he said" two sentences after the speaker was named, a surname stands for the
full name given earlier, and a quote may continue into the next sentence. Quoted words are
masked before looking for speakers, so "'Do not panic,' he urged" never yields a source "Do".
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from service.evidence.assertions import assertion_trigger
from service.evidence.factbase import FactBase
from service.evidence.model import Attribution
from service.evidence.prefilter import (
    FoldedPattern,
    finditer_at_capitals,
    has_digit,
    lowered,
    mentions_any,
)
from service.evidence.quantities import DATE_OR_TIME
from service.text import Document, Sentence

VERBS = (
    r"said|says|say|stated|states|told|tells|wrote|writes|revealed|reveals|confirmed|confirms|"
    r"announced|reported|reports|claimed|claims|added|urged|warned|noted|described|reiterated|"
    r"emphasized|emphasizing|emphasised|insisted|denied|dismissed|vowed|accused|signaled|"
    r"signalled|explained|acknowledged|suggested|suggest|suggests|stressed|asserted|posted|"
    r"declared|alleged|estimated|indicated|believe|believes|contend|argued|argue|ruled out"
)
_TITLE = (
    r"(?:Governor|Gov\.|President|Prime Minister|Minister|Mayor|General|Gen\.|Colonel|"
    r"Spokesman|Spokeswoman|Spokesperson|Senator|Sen\.|Commander|Chief|Head|Ambassador|Dr\.)"
)
_NAME_WORD = r"[A-ZА-ЯЁ][\w’'-]*[a-zа-яё]"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
_APPOSITION = r"(?:,\s[^,;:]{1,120},)?"
_AUX = r"(?:\s+(?:has|have|had|also|too|then|later|not|has also|had also)){0,2}"

_ROLE_NOUN = (
    r"governor|mayor|minister|president|spokesperson|spokesman|spokeswoman|official|commander|"
    r"head|chief|ambassador|director|secretary|prosecutor|leader"
)
_ANON_GROUP = (
    r"(?:(?:unnamed|anonymous|senior|informed|local|military|western|regional|energy|"
    r"security|government|US|U\.S\.|Ukrainian|Russian|intelligence)\s+){0,3}"
    r"(?:source|sources|spokesperson|spokesman|spokeswoman|official|officials|insider|insiders|"
    r"analysts|experts|observers|witnesses|diplomats|"
    r"people(?= (?:familiar with|close to|briefed on|with knowledge of)))"
)
_ANON_QUALIFIER = (
    r"(?:\s(?:for|within|inside|close to|familiar with|in|at|from|of)\s[^,.;:‘“']{3,70})?"
)

_ACCORDING_NAMED = re.compile(
    r"\b[Aa]ccording to "
    r"(?:a (?:message|statement|post|report) (?:published |posted |issued )?by )?"
    rf"(?:(?:the )?(?P<role>[\w’' -]{{0,40}}?(?:{_ROLE_NOUN}))(?:,\s|\s))?(?P<name>{_NAME})",
)
_ACCORDING_ANON = re.compile(
    r"\b[Aa]ccording to (?:[\w-]+\s){0,3}?(?:an?\s|the\s)?"
    rf"(?P<role>{_ANON_GROUP}{_ANON_QUALIFIER})",
    re.IGNORECASE,
)
_ANON_SUBJECT = re.compile(
    rf"(?:^|\b(?:an?|the|with|while|that)\s|,\s)(?P<role>{_ANON_GROUP}{_ANON_QUALIFIER})"
    rf"{_APPOSITION}{_AUX}\s+(?P<verb>{VERBS})\b",
    re.IGNORECASE,
)
# A source named by a common noun phrase: "..., the fire service said." "The health ministry
# said on Monday that ..." "..., according to the forest service." Unnamed people ("officials",
# "sources") are left to the anonymous-source patterns.
_REPORTING = r"said|says|told|added|announced|reported|stated|confirmed|wrote|show|shows|showed"
_NOUN_SOURCE = r"(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Aa]n?)\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+"
_NOUN_SUBJECT = re.compile(
    rf"(?:^|,\s+|\bthat\s+|\band\s+)(?P<role>{_NOUN_SOURCE})\s+(?P<verb>{_REPORTING})\b"
)
_ACCORDING_NOUN = re.compile(
    r"\b[Aa]ccording to (?P<role>(?:the|a|an|its|his|her|their)\s+[^,.;:]{3,80})"
)
_UNNAMED_HEADS = frozenset(
    [
        "official",
        "officials",
        "source",
        "sources",
        "people",
        "analysts",
        "experts",
        "observers",
        "witnesses",
        "diplomats",
        "insiders",
        "residents",
        "critics",
        "reports",
        "he",
        "she",
        "they",
    ]
)
_TITLED_NAME = re.compile(rf"(?:(?P<title>{_TITLE})\s+)?(?P<name>{_NAME})")
_NAMED_SUBJECT = re.compile(
    rf"(?:(?P<title>{_TITLE})\s+)?(?P<name>{_NAME})(?P<office>’s office|'s office)?"
    rf"{_APPOSITION}{_AUX}\s+(?P<verb>{VERBS})\b"
)
_SPACED_VERB = re.compile(rf"\s(?:{VERBS})\b")
_OFFICE_SUBJECT = re.compile(
    rf"\b[Tt]he (?P<role>(?:[\w-]+\s)?(?:{_ROLE_NOUN}))(?P<office>’s office|'s office)?"
    rf"{_APPOSITION}{_AUX}\s+(?P<verb>{VERBS})\b"
)
_PRONOUN_AFTER_QUOTE = re.compile(
    rf"[’'”\"],?\s+(?:(?P<pronoun>he|she)\s+(?P<verb>{VERBS})|(?P<verb2>{VERBS})\s+(?P<pronoun2>he|she))\b"
)
_CHANNEL = re.compile(
    r"\b(?:in a (?:[\w-]+ ){0,2}(?:message|statement|post|video|address|interview)"
    r"(?: (?:on|via) (?:his |her |the )?\w+)?|on (?:his|her|its) \w+ channel|via \w+)",
    re.IGNORECASE,
)
# Keywords every match of a pattern contains (see service.evidence.prefilter): the nouns of
# _ANON_GROUP, lower-cased for its case-insensitive patterns, and the role nouns as written.
_ANON_NOUN_KEYWORDS = (
    *("source", "spokes", "official", "insider", "analysts", "experts", "observers"),
    *("witnesses", "diplomats"),
)
_ROLE_NOUN_KEYWORDS = tuple(_ROLE_NOUN.split("|"))
_QUOTE_OPEN = "‘“\"'"
_QUOTE_SPAN = re.compile(r"[‘“\"](?:[^’”\"]|’(?=\w))*[’”\"]|'[^']*'(?!\w)")
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "After",
        "Before",
        "According",
        "During",
        "While",
        "When",
        "Where",
        "Who",
        "What",
        "Which",
        "There",
        "Their",
        "They",
        "He",
        "She",
        "His",
        "Her",
        "We",
        "Our",
        "It",
        "Its",
        "This",
        "That",
        "These",
        "Those",
        "Yet",
        "However",
        "But",
        "And",
        "Or",
        "Just",
        "Nearby",
        "Earlier",
        "Later",
        "Local",
        "Western",
        "Every",
        "For",
        "Some",
        "Many",
        "Several",
        "Restoration",
        "Commercial",
        "Windows",
        "Each",
        "Do",
        "Not",
        "No",
        "If",
    ]
)
_ORG_TAIL = re.compile(
    r"(?:Service|Union|Forces|Office|Administration|Ministry|Council|Command|Army|Agency|Committee|"
    r"Police|Government|Parliament|Kremlin|Pentagon|States|Nations|Department|Plant)$"
)
CHECKWORTHY = FoldedPattern(
    re.compile(
        r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds|thousands|"
        r"killed|dead|died|injur(?:ed|y|ies)|wounded|struck|destroyed|damaged|attacked|"
        r"shelling|occupied|captured|reclaimed|liberated|retaken|seized|targeted|severed|"
        r"coordinated|lost power|evacuated|detained|arrested|fired|launched|intercepted)\b",
        re.IGNORECASE,
    )
)

# Whole words CHECKWORTHY can match (its alternatives spelled out): listing a sentence's words
# is cheaper than scanning it with the long alternation, which most sentences cannot match.
_CHECKWORTHY_WORDS = frozenset(
    [
        *("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("dozen", "dozens", "hundreds", "thousands", "killed", "dead", "died", "injured"),
        *("injury", "injuries", "wounded", "struck", "destroyed", "damaged", "attacked"),
        *("shelling", "occupied", "captured", "reclaimed", "liberated", "retaken", "seized"),
        *("targeted", "severed", "coordinated", "lost", "evacuated", "detained", "arrested"),
        *("fired", "launched", "intercepted"),
    ]
)
_WORDS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Person:
    name: str
    role: str | None = None
    affiliation: str | None = None


@dataclass(slots=True)
class _Registry:
    """People named so far, so that surnames, titles and pronouns resolve to them."""

    factbase: FactBase
    people: list[Person] = field(default_factory=list)

    def register(self, name: str, role: str | None) -> Person:
        known = self.resolve(name)
        if known is not None:
            known.role = known.role or role
            return known
        official = self.factbase.official_named(name)
        affiliation = official.description if official else None
        person = Person(name, role, affiliation)
        self.people.append(person)
        return person

    def resolve(self, name: str) -> Person | None:
        last = name.split()[-1]
        for person in reversed(self.people):
            if person.name == name or person.name.split()[-1] == last:
                return person
        return None

    def by_role(self, role: str) -> Person | None:
        for person in reversed(self.people):
            if person.role and role.lower() in person.role.lower():
                return person
        return None

    def latest(self) -> Person | None:
        return self.people[-1] if self.people else None


@lru_cache(maxsize=4096)
def checkworthy(text: str) -> re.Match[str] | None:
    """The first word that makes a sentence checkable, leaving out quotes, dates and times.

    Memoized: attribution and the unattributed-assertion signal both ask about each sentence.
    """
    masked = mask_quotes(text)
    if has_digit(masked):  # dates and times all have digits
        masked = DATE_OR_TIME.sub(lambda m: " " * len(m.group(0)), masked)
    lowered_text = lowered(masked)
    if _CHECKWORTHY_WORDS.isdisjoint(_WORDS.findall(lowered_text)):
        return _DIGIT.search(masked)  # what CHECKWORTHY finds when none of its words occurs
    return CHECKWORTHY.search(masked, lowered_text)


def _asserts(text: str) -> bool:
    masked = mask_quotes(text)
    return assertion_trigger(masked, lowered(masked)) is not None


def mask_quotes(text: str) -> str:
    """The text with quoted words blanked (same length), keeping the quote marks."""
    if text.count("'") < 2 and not mentions_any(text, '‘“"'):
        return text  # a quote needs an opening mark or two straight apostrophes
    return _QUOTE_SPAN.sub(
        lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text
    )


def attribute_document(document: Document, factbase: FactBase) -> list[Attribution]:
    registry = _Registry(factbase)
    result: list[Attribution] = []
    quote_speaker: Attribution | None = None
    quote_left_open = False
    for sentence in document.sentences:
        found = _attribute_sentence(sentence, registry)
        continues_quote = sentence.text[:1] in _QUOTE_OPEN or quote_left_open
        if found is None and continues_quote and quote_speaker is not None:
            found = quote_speaker  # the quote goes on from the previous sentence's speaker
        if found is None:
            unsourced = checkworthy(sentence.text) or _asserts(sentence.text)
            found = Attribution("unattributed" if unsourced else "outlet")
        result.append(found)
        has_quote = any(q in sentence.text for q in '‘“"')
        quote_speaker = found if has_quote and found.kind != "unattributed" else None
        quote_left_open = _quote_left_open(sentence.text)
    return result


def _quote_left_open(text: str) -> bool:
    """An opening quote mark with no closing one after it (an apostrophe is not a closer)."""
    opened = max(text.rfind("‘"), text.rfind("“"))
    if opened < 0:
        return False
    closers = [i for i, c in enumerate(text) if c in "’”" and i > opened]
    return not any(i + 1 >= len(text) or not text[i + 1].isalpha() for i in closers)


def _attribute_sentence(sentence: Sentence, registry: _Registry) -> Attribution | None:
    text = mask_quotes(sentence.text)
    _register_people(text, registry)
    candidates = [
        c
        for c in (
            _according_named(text, registry),
            _according_anonymous(text),
            _pronoun_speaker(text, registry),
            _anonymous_subject(text),
            _named_subject(text, registry),
            _office_subject(text, registry),
            _noun_subject(text),
            _according_noun(text),
        )
        if c is not None
    ]
    if not candidates:
        return None
    _, attribution = min(candidates, key=lambda c: c[0])
    if attribution.kind != "named_source" or attribution.verb != "according to":
        return attribution
    channel = _CHANNEL.search(text)
    if channel:
        return Attribution(
            attribution.kind,
            attribution.name,
            attribution.role,
            attribution.affiliation,
            f"according to ({channel.group(0)})",
        )
    return attribution


def _register_people(text: str, registry: _Registry) -> None:
    """Titled names and reference officials; other people register when they speak."""
    for match in finditer_at_capitals(_TITLED_NAME, text):
        name = _strip_openers(match.group("name"))
        if name is None or _ORG_TAIL.search(name):
            continue
        if match.group("title") or registry.factbase.official_named(name):
            registry.register(name, match.group("title"))


def _strip_openers(raw: str) -> str | None:
    words = raw.split()
    while words and words[0] in _NOT_NAMES:
        words.pop(0)
    if not words:
        return None
    return " ".join(words).removesuffix("’s").removesuffix("'s")


def _clean_name(raw: str) -> str | None:
    name = _strip_openers(raw)
    return None if name is None or _ORG_TAIL.search(name) else name


def _looks_like_person(name: str) -> bool:
    return 2 <= len(name.split()) <= 3 and not _ORG_TAIL.search(name)


Found = tuple[int, Attribution]


def _person_attribution(person: Person, verb: str, role: str | None = None) -> Attribution:
    return Attribution("named_source", person.name, role or person.role, person.affiliation, verb)


def _according_named(text: str, registry: _Registry) -> Found | None:
    if "ccording to " not in text:
        return None
    match = _ACCORDING_NAMED.search(text)
    if match is None:
        return None
    name = _clean_name(match.group("name"))
    if name is None:
        return None
    person = registry.register(name, match.group("role")) if _is_person(name, registry) else None
    if person is None:
        return match.start(), Attribution(
            "named_source", name, match.group("role"), None, "according to"
        )
    return match.start(), _person_attribution(person, "according to", match.group("role"))


def _is_person(name: str, registry: _Registry) -> bool:
    known = registry.factbase.official_named(name) or registry.resolve(name)
    return known is not None or _looks_like_person(name)


def _according_anonymous(text: str) -> Found | None:
    if "according to " not in lowered(text):
        return None
    match = _ACCORDING_ANON.search(text)
    if match is None:
        return None
    return match.start(), Attribution(
        "anonymous_source", None, match.group("role").strip(), None, "according to"
    )


def _anonymous_subject(text: str) -> Found | None:
    if not mentions_any(lowered(text), _ANON_NOUN_KEYWORDS):
        return None
    match = _ANON_SUBJECT.search(text)
    if match is None:
        return None
    role = match.group("role").strip()
    return match.start("role"), Attribution(
        "anonymous_source", None, role, None, match.group("verb")
    )


def _named_subject(text: str, registry: _Registry) -> Found | None:
    if _SPACED_VERB.search(text) is None:  # every match ends in a space and a reporting verb
        return None
    for match in finditer_at_capitals(_NAMED_SUBJECT, text):
        name = _strip_openers(match.group("name"))
        if name is None:
            continue
        office = match.group("office")
        person = registry.resolve(name) or registry.factbase.official_named(name)
        if isinstance(person, Person):
            role = f"{person.role or 'official'}’s office" if office else person.role
            return match.start("name"), _person_attribution(person, match.group("verb"), role)
        if person is not None:  # a reference official named by surname only
            found = registry.register(person.name, person.office)
            return match.start("name"), _person_attribution(found, match.group("verb"))
        if len(name.split()) == 1 and name.endswith(("an", "ern", "ish", "ese")):
            continue  # "Western" or "Ukrainian" is not a source
        if _looks_like_person(name):
            found = registry.register(name, None)
            return match.start("name"), _person_attribution(found, match.group("verb"))
        return match.start("name"), Attribution(
            "named_source", name, None, None, match.group("verb")
        )
    return None


def _office_subject(text: str, registry: _Registry) -> Found | None:
    if not mentions_any(text, _ROLE_NOUN_KEYWORDS):
        return None
    match = _OFFICE_SUBJECT.search(text)
    if match is None:
        return None
    role = match.group("role")
    person = registry.by_role(role.split()[-1])
    label = f"{role}’s office" if match.group("office") else role
    if person is None:
        return match.start(), Attribution("named_source", None, label, None, match.group("verb"))
    return match.start(), _person_attribution(person, match.group("verb"), label)


def _pronoun_speaker(text: str, registry: _Registry) -> Found | None:
    if not mentions_any(text, "’'”\""):  # the pattern starts at a closing quote
        return None
    match = _PRONOUN_AFTER_QUOTE.search(text)
    if match is None:
        return None
    person = registry.latest()
    if person is None:
        return None
    verb = match.group("verb") or match.group("verb2")
    return match.start(), _person_attribution(person, verb)


def _noun_subject(text: str) -> Found | None:
    if not mentions_any(
        text,
        (
            "said",
            "says",
            "told",
            "added",
            "announced",
            "reported",
            "stated",
            "confirmed",
            "wrote",
            "show",
        ),
    ):
        return None
    for match in _NOUN_SUBJECT.finditer(text):
        role = match.group("role")
        if role.split()[-1].lower() in _UNNAMED_HEADS:
            continue
        return match.start("role"), Attribution(
            "named_source", None, role, None, match.group("verb")
        )
    return None


def _according_noun(text: str) -> Found | None:
    if "ccording to " not in text:
        return None
    match = _ACCORDING_NOUN.search(text)
    if match is None:
        return None
    role = match.group("role").strip()
    if _UNNAMED_HEADS.intersection(role.lower().split()):
        return None
    return match.start(), Attribution("named_source", None, role, None, "according to")
