"""What of an article is news prose: the only text that may become a point of its summary.

An article pasted from the web or planted by an attacker may hold lines that no reporter wrote
for a reader: markup (HTML tags and comments, markdown headings, fences, emphasis, tables,
links), data (a JSON or YAML object), code, encoded blobs, lists of links, the turns of a chat
prompt ("System:", `<|im_start|>`) and text written to a model rather than to a reader (see
`prose_grammar`). None of it is a fact an editor can pass on, so none of it is ever a summary
point, whether code picks the sentences or a model does.

Each test reads the shape of the text (bracket structure, the share of symbols against
letters, line-opening marks, grammar), not a list of attack phrases, so a payload worded in an
unseen way still has the shape of what it is. Some shapes span lines: a fenced block, an HTML
comment or a JSON object holds every line up to its close, and a chat-format label or a
presentative ending in a colon hands its turn to the next line. A sentence of a news story is
refused rarely: on the development articles (PTC train, REALSumm) the share is measured by
`bench/prose_bench.py` and given in `docs/how-it-works.md`.
"""

import itertools
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from service.evidence.attribution.quotes import inside_quote_after
from service.evidence.grounding import SentencesView, content_words, lowered_tokens
from service.evidence.prefilter import lowered, mentions_any
from service.evidence.prose_grammar import (
    addressed_to_model,
    asks_or_orders,
    outside_quotes,
    presents_text,
    role_label,
    word_classes,
)
from service.evidence.wordnet import wordnet
from service.text import Document, Sentence

_MARKUP = re.compile(
    r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"  # an HTML or XML tag
    r"|<!--|-->"  # an HTML comment
    r"|^\s*#{1,6}(?:\s|$)"  # a markdown heading
    r"|^\s*>\s"  # a markdown quotation block
    r"|(?:^|\s)(?:\*\*|__)[^*_\s][^*_\n]*(?:\*\*|__)(?=\W|$)"  # markdown emphasis
    r"|\[[^\]\n]+\]\([^)\s]+\)"  # a markdown link
    r"|`[^`\n]+`|^\s*```"  # inline code or a fence
    r"|^\s*\|.*\|\s*$"  # a table row
    r"|^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$"  # a rule
    r"|<\|[^|\s]+\|>|\[/?INST\]|<</?SYS>>"  # chat-template tokens
)
_MARKUP_MARKS = ("<", ">", "#", "*", "_", "[", "`", "|", "---", "===")
"""What every match of `_MARKUP` holds: a line with none of them skips that long pattern. Each
holds one of `_SYMBOLS`, "#" or "---"."""
_PAIR = re.compile(r"""^\s*["']?[a-z_][\w-]*["']?\s*:(?!//)\s*\S|["']\s*:\s*["'{\[\d]""")
"""A key and its value: `"role": "system"`, `content: ...` (a lower-case identifier key)."""
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SYMBOLS = frozenset("{}[]<>=;|\\^~_*`")
_RUN_LENGTH = 32
_RUN = re.compile(rf"[A-Za-z0-9+/=]{{{_RUN_LENGTH},}}")
"""A long run of letters and digits with no space or hyphen: a blob (base64, hex, a key) when it
holds a digit and a capital too."""
_CENSORED = re.compile(r"(?<=\w)\*+")
"""Stars inside or after a word ("f***ed") censor it; they are no symbols of code."""
_FENCE = re.compile(r"^\s*```")
_DATA_OPENS = re.compile(r"""^\s*(?:\{|\[\s*(?:[{\["'\]]|$))""")
"""A JSON object or array opens the line (`{`, `[{`, `["a"`, a lone `[`); an editor's bracket
("[W]e", "[1]") does not."""
_OPENING_WORDS = 4
"""A reply's opening exclamation or assent is this short ("Sure!", "Of course, happy to help.")."""
_MIN_CHARACTERS = 12
"""Below this many non-space characters a line is too short to weigh symbols in."""


@dataclass(frozen=True, slots=True)
class NotProse:
    sentence: int
    reason: str
    to_reader: bool = False
    """Refused for its grammar (an order, a question or a reply to whoever reads it), not for
    its characters (markup, data, code, another language)."""


def non_prose(document: Document) -> dict[int, str]:
    """Sentence id -> why that sentence is not news prose (every other sentence is)."""
    return {index: item.reason for index, item in _classified(document).items()}


def written_to_reader(document: Document) -> dict[int, str]:
    """Sentence id -> why it is written to whoever reads the article, not reported to it: the
    grammar of a prompt, whatever its words (`non_prose`'s refusals for grammar)."""
    return {index: item.reason for index, item in _classified(document).items() if item.to_reader}


_last_classified: tuple[Document, dict[int, NotProse]] | None = None
"""The last document's answer: the detector and then the summary ask about the same document
object, one after the other (one entry, held by identity; a tuple swap is atomic across threads)."""


def _classified(document: Document) -> dict[int, NotProse]:
    global _last_classified  # a one-entry cache, see above
    last = _last_classified
    if last is not None and last[0] is document:
        return last[1]
    found = _classify(document)
    _last_classified = (document, found)
    return found


def _classify(document: Document) -> dict[int, NotProse]:
    found: dict[int, NotProse] = {}
    for item in _blocks(document):
        found.setdefault(item.sentence, item)
    for item in _sentences(document, found):
        found.setdefault(item.sentence, item)
    for item in _off_topic(document, found):
        found.setdefault(item.sentence, item)
    for item in _carried_on(document, found):
        found.setdefault(item.sentence, item)
    return found


def not_statements(document: Document) -> dict[int, str]:
    """Sentence id -> why it states no fact (an order or a question to its reader): never a
    summary point, though it may be the article's own prose."""
    global _last_not_statements  # a one-entry cache, as `_last_classified`
    last = _last_not_statements
    if last is None or last[0] is not document:
        last = (document, _not_statements(document))
        _last_not_statements = last
    return dict(last[1])  # a copy: the cached answer is never changed by a caller


_last_not_statements: tuple[Document, dict[int, str]] | None = None
"""The last document's answer: the gate's off-topic test, the summary's points and what the
model's output withholds ask about the same document object, one after the other."""


def _not_statements(document: Document) -> dict[int, str]:
    found: dict[int, str] = {}
    for sentences in _by_paragraph(document).values():
        inside = False
        for sentence in sentences:
            reason = asks_or_orders(sentence.text, inside)
            inside = inside_quote_after(sentence.text, inside)
            if reason is not None:
                found[sentence.index] = reason
    return found


_OFF_TOPIC_SHARE = 0.5
_OFF_TOPIC_WORDS = 2
"""An order or question at least this share and this many of whose words the rest of the
article never explains, and none of whose names or nouns it explains, is about something else
than the article ("What happens now?", "Will the bridge reopen?" in a story about it are not)."""


def _off_topic(document: Document, found: dict[int, NotProse]) -> Iterator[NotProse]:
    """Orders and questions to the reader about what the rest of the article never mentions
    ("What is the capital of Brazil?" in a story about plague): not the article's, whatever
    their words. News asks about its own subject."""
    asked = {i: r for i, r in not_statements(document).items() if i not in found}
    if not asked:
        return
    kept = [s for s in document.sentences if s.index not in found]
    said = _Said(kept)
    view: SentencesView | None = None  # read only if a question is not on topic at once
    for index, reason in asked.items():
        sentence = document.sentences[index]
        words = content_words(sentence.text)
        # The full check needs this many words the rest never explains: fewer never pass it.
        if len(words) < _OFF_TOPIC_WORDS or _says_a_thing_of_it(sentence, words, said):
            continue
        view = view or SentencesView(document, kept)
        missing, words = view.unexplained(index)
        shared = [w for w in words if w not in missing and _names_a_thing(w)]
        if len(missing) >= max(_OFF_TOPIC_WORDS, len(words) * _OFF_TOPIC_SHARE) and not shared:
            yield NotProse(index, f"{reason}, about nothing else the article reports", True)


def _says_a_thing_of_it(sentence: Sentence, words: list[str], said: "_Said") -> bool:
    """Whether another sentence the article keeps has, word for word, a name or noun among
    the content `words` of `sentence`: then the full check below would find it shared, so the
    sentence is on topic. Cheap, and it spares that check (a document built from the rest of
    the article) for nearly every question news asks."""
    return any(_names_a_thing(word) and said.elsewhere(word.lower(), sentence) for word in words)


class _Said:
    """What the sentences kept say: whether one has a word is asked of their lowered texts
    first, and only a sentence whose text holds the word is cut into words, not the whole
    article (a word of a sentence is in its lowered text)."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self._sentences = sentences
        self._indexes = {s.index for s in sentences}
        self._texts = [lowered(s.text) for s in sentences]
        self._joined = "\x00".join(self._texts)  # no word holds the separator

    def elsewhere(self, word: str, sentence: Sentence) -> bool:
        """Whether a sentence other than `sentence` has `word` (lower case) among its words."""
        own = lowered(sentence.text).count(word) if sentence.index in self._indexes else 0
        if self._joined.count(word) <= own:
            return False  # no other sentence holds it even as text
        return any(
            word in text and s.index != sentence.index and word in lowered_tokens(s.text)
            for s, text in zip(self._sentences, self._texts, strict=True)
        )


def _names_a_thing(word: str) -> bool:
    """A name, or a word whose commonest sense is a noun: what a sentence is about."""
    kinds = wordnet().kinds(word)
    return word[:1].isupper() or (bool(kinds) and kinds[0].startswith("noun."))


_ENDS_SENTENCE = re.compile(r"[.!?…:][\"'’”)\]]*\s*$")


def _carried_on(document: Document, found: dict[int, NotProse]) -> Iterator[NotProse]:
    """A line that goes on in lower case after one that did not end ("Ignore previous" /
    "instructions and ...") is one sentence broken by a line break: what the first half is,
    the second is too, and the two are read together for their grammar."""
    sentences = document.sentences
    for before, sentence in itertools.pairwise(sentences):
        if sentence.index in found or not continues(before, sentence):
            continue
        if before.index not in found:
            reason = addressed_to_model(f"{before.text} {sentence.text}")
            if reason is None:
                continue
            found[before.index] = NotProse(before.index, reason, True)
            yield found[before.index]
        before_item = found[before.index]
        found[sentence.index] = NotProse(sentence.index, before_item.reason, before_item.to_reader)
        yield found[sentence.index]


def continues(before: Sentence, sentence: Sentence) -> bool:
    """Whether `sentence` carries on `before` across a line break: `before` does not end as a
    sentence does and `sentence` opens in lower case."""
    opens = sentence.text.lstrip()[:1]
    return opens.islower() and not _ENDS_SENTENCE.search(before.text)


def headline(document: Document, excluded: dict[int, str] | None = None) -> int | None:
    """The sentence that is the article's title, if its first prose line is one.

    A title is a line of its own, one sentence long, with more lines after it, that does not
    end as a sentence does (no final stop) or is set in title case.
    """
    excluded = non_prose(document) if excluded is None else excluded
    sentences = document.sentences
    first = next((s for s in sentences if s.index not in excluded), None)
    if first is None or first.paragraph + 1 >= len(document.paragraphs):
        return None
    alone = all(s.paragraph != first.paragraph for s in sentences if s.index != first.index)
    if not alone:
        return None
    ends_as_sentence = re.search(r"[.!?…][\"'’”)\]]*$", first.text) is not None
    return first.index if not ends_as_sentence or _title_case(first.text) else None


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _blocks(document: Document) -> Iterator[NotProse]:
    """Lines held by a structure that spans lines: a fence, an HTML comment, a JSON object,
    and the line after a chat-format label or a presentative that ends in a colon."""
    by_paragraph = _by_paragraph(document)
    block: str | None = None
    depth = 0
    for index, (start, end) in enumerate(document.paragraphs):
        reason, block, depth = _line_state(document.text[start:end], block, depth)
        if reason is not None:
            yield from (NotProse(s.index, reason) for s in by_paragraph.get(index, []))


def _by_paragraph(document: Document) -> dict[int, list[Sentence]]:
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in document.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    return by_paragraph


def _line_state(line: str, block: str | None, depth: int) -> tuple[str | None, str | None, int]:
    """(why this line is not prose, the block still open after it, JSON bracket depth)."""
    if block == "fence":
        return "markup (a fenced block)", None if _FENCE.match(line) else "fence", 0
    if block == "comment":
        return "markup (an HTML comment)", None if "-->" in line else "comment", 0
    if block == "data" or _DATA_OPENS.match(line):
        depth += _bracket_balance(line)
        return "a data object (JSON)", "data" if depth > 0 else None, max(depth, 0)
    if block == "turn":
        return "the turn a chat-format label or a reply opens", None, 0
    if _FENCE.match(line):
        return "markup (a fenced block)", None if line.count("```") > 1 else "fence", 0
    if "<!--" in line and "-->" not in line:
        return "markup (an HTML comment)", "comment", 0
    if role_label(line):
        return "a chat-format role label", "turn" if line.rstrip().endswith(":") else None, 0
    return None, None, 0


def _bracket_balance(line: str) -> int:
    """Opening minus closing brackets outside string literals."""
    balance, in_string, escaped = 0, False, False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            in_string = not in_string
        elif not in_string and char in "{[":
            balance += 1
        elif not in_string and char in "}]":
            balance -= 1
    return balance


def _sentences(document: Document, found: dict[int, NotProse]) -> Iterator[NotProse]:
    """Sentence by sentence, paragraph by paragraph: shape, then grammar, then replies."""
    by_paragraph = _by_paragraph(document)
    reply_goes_on = False
    for paragraph, sentences in sorted(by_paragraph.items()):
        if reply_goes_on:
            yield from (NotProse(s.index, _REPLY, True) for s in sentences if s.index not in found)
            reply_goes_on = False
            continue
        own = list(_own_findings(sentences, found))
        yield from own
        reply = _reply(sentences, first=paragraph == 0)
        if reply is not None:
            yield from (NotProse(s.index, _REPLY, True) for s in reply if s.index not in found)
            reply_goes_on = reply[-1].text.rstrip().endswith(":")


_REPLY = "part of a reply written to a model's reader"


def _own_findings(sentences: list[Sentence], found: dict[int, NotProse]) -> Iterator[NotProse]:
    inside = False
    for sentence in sentences:
        starts_inside = inside
        inside = inside_quote_after(sentence.text, inside)
        if sentence.index in found:
            continue
        reason = shape(sentence.text)
        if reason is not None:
            yield NotProse(sentence.index, reason)
            continue
        reason = addressed_to_model(sentence.text, starts_inside)
        if reason is not None:
            yield NotProse(sentence.index, reason, True)


def _reply(sentences: list[Sentence], first: bool) -> list[Sentence] | None:
    """The sentences of a model's reply, when the paragraph is one: it presents a text ("Here
    is the summary: ...") after nothing but a reply's opening ("Sure!", "I'd be happy to
    help."), or it opens the article so. News that presents a list ("Here are the eight
    accusations:") does so after reporting, so only that sentence is refused."""
    for at, sentence in enumerate(sentences):
        if presents_text(outside_quotes(sentence.text)):
            opening = sentences[:at]
            if (at == 0 and first) or (opening and all(map(_reply_opening, opening))):
                return sentences
            return None
    return None


def _reply_opening(sentence: Sentence) -> bool:
    """A reply's first words: a short exclamation or assent ("Sure!", "Of course."), or a
    first or second person outside quotes ("I'd be happy to help.")."""
    words = re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", outside_quotes(sentence.text))
    persons = {w.lower() for w in words} & {"i", "i'd", "i'll", "i'm", "i've", "you", "your"}
    return len(words) <= _OPENING_WORDS or bool(persons)


def shape(text: str) -> str | None:
    """Why the characters of `text` are not prose (markup, data, code, links, a blob), or None.

    Its bytes are read once for what the tests below count: the symbols (a line with none, no
    "#" and no "---" has none of `_MARKUP_MARKS`, which news seldom has) and, in ASCII, the
    letters."""
    encoded = text.encode("utf-8", "surrogatepass")
    marks = len(encoded) - len(encoded.translate(None, _SYMBOL_BYTES))  # censoring stars too
    if (
        (marks or "#" in text or "---" in text)
        and any(map(text.__contains__, _MARKUP_MARKS))
        and _MARKUP.search(text)
    ):
        return "markup (HTML or markdown)"
    chunks = text.split()
    visible = "".join(chunks)
    addressed = "://" in text or "www." in lowered(text)  # what every match of `_URL` holds
    linked = sum(len(m.group(0)) for m in _URL.finditer(text)) if addressed else 0
    if linked and linked * 2 >= len(visible):
        return "a list of links"
    if ":" in text and _PAIR.search(text):  # both of its shapes hold a colon
        return "a data object (JSON or YAML)"
    if len(visible) < _MIN_CHARACTERS:
        return None
    if len(encoded) == len(text):  # ASCII: whitespace is no letter, so text's are visible's
        letters = len(encoded) - len(encoded.translate(None, _ASCII_LETTERS))
    else:
        letters = _letters(visible)
    symbols = _symbols(text) if "*" in text else marks
    if symbols >= 3 and symbols * 8 >= letters:
        return "code (symbols outweigh words)"
    if letters * 5 < len(visible) * 2:
        return "not words (too few letters)"
    if _has_blob(text, chunks, addressed):
        return "an encoded blob"
    if not _english(text, addressed):
        return "not English words (another language, or letters disguised)"
    return None


_ASCII_LETTERS = bytes(string.ascii_letters, "ascii")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _letters(visible: str) -> int:
    """How many characters of `visible` are letters (`str.isalpha`), counted in C: the ASCII
    ones by deleting letters from its bytes, the rare others one by one."""
    ascii_part = visible.encode("ascii", "ignore")
    letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    if len(ascii_part) < len(visible):
        letters += sum(map(str.isalpha, _NON_ASCII.findall(visible)))
    return letters


_SYMBOL_BYTES = bytes(sorted(map(ord, _SYMBOLS)))


def _symbols(text: str) -> int:
    """How many of `_SYMBOLS` `text` holds, a censoring star aside. They are ASCII, and no
    other character's UTF-8 bytes include an ASCII one: one deletion from its bytes counts them
    all."""
    uncensored = _CENSORED.sub("", text) if "*" in text else text
    encoded = uncensored.encode("utf-8", "surrogatepass")
    return len(encoded) - len(encoded.translate(None, _SYMBOL_BYTES))


def _has_blob(text: str, chunks: list[str], addressed: bool) -> bool:
    """Whether a `_RUN` outside links is a blob. A run has no space in it, so a line whose
    every chunk between spaces is shorter than a run has none, and skips that search."""
    if max(map(len, chunks)) < _RUN_LENGTH:
        return False
    return any(map(_blob, _RUN.findall(_URL.sub(" ", text) if addressed else text)))


def _blob(run: str) -> bool:
    return any(map(str.isdigit, run)) and any(map(str.isupper, run))


_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SPACE_BUT_LETTERS = bytes(c if chr(c) in string.ascii_letters else ord(" ") for c in range(256))
_ADDRESSES = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S+\.(?:com|org|net)\b", re.IGNORECASE)
_ADDRESS_MARKS = ("://", "www.", "@", ".com", ".org", ".net")
"""What every match of `_ADDRESSES` holds (the first two are `shape`'s `addressed`)."""
_MIN_COMMON_WORDS = 3
"""Below this many words in lower case a line is too short to judge its language."""


def _english(text: str, addressed: bool | None = None) -> bool:
    """Whether most of the lower-case words are English: WordNet's words or the closed classes.

    Names are capitalised and may be of any language, so only lower-case (and uncased) words
    count. A line in another language, in fullwidth or look-alike letters, or spelled out
    letter by letter ("I g n o r e") has few English words among them, whatever it says.
    `addressed`, if known, is whether `text` holds "://" or "www." in lower case (`shape`'s).
    """
    marks = _ADDRESS_MARKS if addressed is None else _ADDRESS_MARKS[2:]
    if addressed or mentions_any(lowered(text), marks):  # the search below is slow, and rare
        text = _ADDRESSES.sub(" ", text)
    runs = _letter_runs(text)
    kinds = list(map(_RUN_KINDS.get, runs))  # each run is read once, and looked up after
    if None in kinds:
        pairs = zip(runs, kinds, strict=True)
        kinds = [_run_kind(run) if kind is None else kind for run, kind in pairs]
    known = kinds.count(_KNOWN)
    words = known + kinds.count(_UNKNOWN)  # the runs not capitalised
    return words < _MIN_COMMON_WORDS or known * 2 > words


_KNOWN, _UNKNOWN, _CAPITALISED = 1, 0, -1
_RUN_KINDS: dict[str, int] = {}
"""A letter run -> what `_english` makes of it (`_run_kind`): the words of news recur, within
an article and across articles, so nearly every run is one look-up in C, not a lowering and a
test in Python (a memo of a word, as `_known_word` is; emptied when it grows past a bound)."""
_RUN_KINDS_BOUND = 1 << 17


def _run_kind(run: str) -> int:
    if run[0].isupper():
        kind = _CAPITALISED
    else:
        kind = _KNOWN if _known_word(run.replace("’", "'").lower()) else _UNKNOWN
    if len(_RUN_KINDS) >= _RUN_KINDS_BOUND:
        _RUN_KINDS.clear()
    _RUN_KINDS[run] = kind
    return kind


_PUNCTUATION = ("“", "”", "‘", "—", "–", "…")
"""The commonest characters outside ASCII in news that are no letters (nor `_LETTERS`'s
apostrophe): made spaces before cutting runs, so that the line may take the ASCII way."""


def _letter_runs(text: str) -> list[str]:
    """`_LETTERS.findall(text)`, each curly apostrophe in a run made a straight one (which
    `_run_kind` does anyway). ASCII text is cut in C: every character but a letter (and the
    apostrophe) made a space, the chunks left are the runs (`_apostrophe_runs`). Text whose
    only characters outside ASCII are curly quotes and dashes is made ASCII first: they are no
    letters, and a curly apostrophe joins letters as a straight one does."""
    if not text.isascii():
        text = text.replace("’", "'")
        for mark in _PUNCTUATION:
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():
            return _LETTERS.findall(text)
    data = text.encode("ascii")
    if b"'" in data:
        return _apostrophe_runs(data)
    return data.translate(_SPACE_BUT_LETTERS).decode("ascii").split()


_SPACE_BUT_LETTERS_AND_APOSTROPHE = bytes(
    c if chr(c) in string.ascii_letters or chr(c) == "'" else ord(" ") for c in range(256)
)


def _apostrophe_runs(data: bytes) -> list[str]:
    """The runs of `_LETTERS` in ASCII text (`[A-Za-z]+(?:'[A-Za-z]+)*`), cut in C. Left with
    letters and apostrophes, a chunk is runs joined by single apostrophes: two or more
    apostrophes in a row end a run (a pair made a space leaves a lone one beside it), and one
    at either end of a chunk belongs to no run."""
    kept = data.translate(_SPACE_BUT_LETTERS_AND_APOSTROPHE).decode("ascii")
    padded = " " + kept.replace("''", " ") + " "
    return padded.replace(" '", "  ").replace("' ", "  ").split()


_CLITIC = re.compile(r"n't$|'[a-z]+$")


@lru_cache(maxsize=65536)
def _known_word(word: str) -> bool:
    if not word.isascii():
        return False
    if len(word) == 1:
        return word in {"a", "i"}
    base = _CLITIC.sub("", word) if "'" in word else word
    return base in word_classes().function_words or base in {"ca", "wo"} or wordnet().is_word(base)
