"""Who a summary point quotes, and whether its words name them.

A quotation on its own ("'The next outbreak could be stronger.'") tells an editor nothing about
who said it; the article's sentence may have named the speaker a sentence earlier, or by a
pronoun ("he added"). The attribution layer (`service/evidence/attribution/`) knows who it
was; this module turns that into the words a point needs: a name or a role, never a pronoun.
"""

import re

from service.evidence.attribution.phrases import SUBJECT_PRONOUNS
from service.evidence.attribution.quotes import mask_open_quote, mask_quotes
from service.evidence.model import Attribution
from service.evidence.wordnet import wordnet

SOURCED = frozenset({"named_source", "anonymous_source"})
_SPEECH_WORDS = 4
"""A quoted run of this many words is someone's speech; a shorter one ("so-called 'peace
plan'") is a term the article holds at a distance, which needs no speaker."""
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_QUOTED = re.compile(r"[“\"‘]([^”\"’]*(?:’\w[^”\"’]*)*)[”\"’]")
_QUOTE_MARK = re.compile(r"[“”\"]|''")
_DOUBLE_MARK = re.compile(r"[“”\"]")
_LETTERS = re.compile(r"[A-Za-z]+")


def speaker_label(who: Attribution, mention: str | None = None) -> str | None:
    """How a point names the one who asserts its sentence: the words the sentence itself names
    them with (`mention`, when it is no pronoun), else their name, else their role ("the
    governor"), else "an unnamed source" for an anonymous one; None when the attribution layer
    found nobody or only a pronoun."""
    if who.kind not in SOURCED:
        return None
    for candidate in (mention, who.name, who.role, who.affiliation):
        if candidate and not is_pronoun(candidate) and _names_someone(candidate):
            return candidate if candidate == mention else _with_article(candidate)
    return "an unnamed source" if who.kind == "anonymous_source" else None


def is_pronoun(words: str) -> bool:
    first = _LETTERS.match(words)
    return first is None or first.group(0).lower() in _PRONOUNS


_PRONOUNS = SUBJECT_PRONOUNS | {"i", "you", "him", "her", "them", "this", "that", "these"}


def _names_someone(phrase: str) -> bool:
    """A name (capitalised, or no English word: "valensi" in lower-cased wire copy) or a noun
    phrase ending on a noun ("the regional governor"); not a fragment the attribution layer
    misread as a source ("ask hard")."""
    words = _WORD.findall(phrase)
    if not words or any(w[:1].isupper() for w in words):
        return bool(words)
    kinds = wordnet().kinds(words[-1])
    return not kinds or kinds[0].startswith("noun.")


def _with_article(label: str) -> str:
    """A role in lower case reads as a common noun and takes "the" ("governor" -> "the
    governor"); a name or a phrase that has its own determiner is left as it is."""
    first = label.split()[0]
    if first.islower() and first not in {"the", "a", "an", "one", "two", "several", "some"}:
        return f"the {label}"
    return label


def holds_speech(text: str, starts_inside: bool = False) -> bool:
    """Whether `text` quotes someone's words: a quoted run of several words, or a quote left
    open at either end."""
    if starts_inside or _unbalanced(text):
        return True
    return any(len(_WORD.findall(m.group(1))) >= _SPEECH_WORDS for m in _QUOTED.finditer(text))


def first_mark_closes(text: str) -> bool:
    """Whether the first quote mark of `text` closes a quote ('We won," he said.'): a curly
    closing mark, or a straight one glued to the word before it and not to the word after."""
    match = _DOUBLE_MARK.search(text)
    if match is None:
        return False
    mark, at = match.group(0), match.start()
    if mark != '"':
        return mark == "”"
    glued_before = at > 0 and not text[at - 1].isspace()
    glued_after = at + 1 < len(text) and not text[at + 1].isspace()
    return glued_before and not glued_after


def _unbalanced(text: str) -> bool:
    marks = _QUOTE_MARK.findall(text)
    curly_open, curly_close = text.count("“"), text.count("”")
    straight = sum(mark in {'"', "''"} for mark in marks)
    return curly_open != curly_close or straight % 2 == 1


def names(text: str, label: str, starts_inside: bool = False) -> bool:
    """Whether `text` names the speaker `label`: its head word (a surname, "Saldo" for
    "Vladimir Saldo"; a role's noun, "minister") outside the text's quotes, case aside. The
    words the sentence itself names the speaker with count wherever they stand (a wire's stray
    apostrophes can make them look quoted)."""
    if label.lower() in text.lower():
        return True
    head = _WORD.findall(label.lower())[-1:]
    own = (mask_open_quote(text) if starts_inside else mask_quotes(text)).lower()
    return bool(head) and re.search(rf"\b{re.escape(head[0])}\b", own) is not None
