"""Does a summary sentence rest on the article? Align it, then look for what it adds or changes.

Each summary sentence is aligned to the article sentences sharing the most content words. Names
and figures are looked up in the whole article (a summary gathers facts from anywhere in it);
the other words of the sentence must be in the article too, or stand for an article word in a
paraphrase (WordNet synonyms, derivations, pertainyms: "decide" for "decision"). Then, strongest
finding first:
- `inconsistent`: the sentence swaps an article word for its opposite, gives a figure the
  article gives differently, or flips the negation of an article sentence it closely copies;
- `unsupported`: it holds a name or a figure the whole article lacks, or nothing in the article
  matches it;
- `undecided`: it holds words the article does not explain, or a negation that cannot be
  checked; code cannot decide, so it says so rather than guess either way;
- `consistent`: every name, figure and content word is accounted for.
"""

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from schemas.verify import Verdict
from service.evidence.attribution.lexicon import attributes, reporting_forms
from service.evidence.numbers import Figure, figures, same_figure
from service.evidence.prefilter import lowered, sentence_memo
from service.evidence.wordnet import wordnet
from service.text import Document, Sentence, build_document

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?(?:[-.][A-Za-z0-9]+)*")
_STOP = frozenset(
    """a an the of in on at to for from by with about into onto over under between through
    during before after above below up down out off than as per via within without across
    and or but nor so yet if then because while although though whether since until unless
    is are was were be been being am has have had having do does did done doing
    will would shall should can could may might must ought
    i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs this that these those who whom whose which what where when why how there here
    all any both each either every few many more most much other some such own same
    also just only very too quite rather really even still again further once ever
    not no never none nothing nobody neither n't
    s 's let lets get gets got getting make makes made making take takes took taken
    say says said tell tells told ask asks asked
    one ones thing things way lot lots etc well
    everyone everybody everything someone somebody something anyone anybody anything
    no-one noone myself yourself himself herself itself ourselves themselves""".split()  # noqa: SIM905 (a word list reads better as prose)
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|(?:fail|refuse)(?:s|ed)? to|"
    r"unable to)\b|n['’]t\b",
    re.IGNORECASE,
)
_NEGATION_FOLDED = re.compile(_NEGATION.pattern)
"""The same cues, searched in `lowered()` text (same offsets): a case-insensitive search of
every sentence of an article cost twice as much."""
# How far after a negation cue the word it negates may stand ("did not really recommend").
_NEGATION_REACH = 4
_SENTENCE_OPENERS = (".", "!", "?", ":", ";", "‘", "'", '"', "“", "(", "-", "–", "—")
_MIN_OVERLAP = 0.34
_UNEXPLAINED_SHARE = 2 / 3
"""Above this share of content words the article neither uses nor paraphrases, a sentence says
something the article does not (measured on SummEdits: lower shares flag many faithful
paraphrases, so below it the sentence is judged on its names, figures and negations alone)."""
# A summary sentence that shares this share of its content words with one article sentence
# copies it: only then is a negation missing on one side a flip rather than a rewording.
_CLOSE_COPY = 0.7


@dataclass(frozen=True, slots=True)
class GroundingRow:
    sentence: str
    verdict: Verdict
    evidence: list[int]
    reason: str


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    name: bool


@dataclass
class ArticleView:
    """What the whole article offers a summary: its words, their dictionary forms, its figures."""

    document: Document
    lemmas: set[str] = field(default_factory=set)
    figures: list[Figure] = field(default_factory=list)
    folded: str = ""
    sentence_words: list[set[str]] = field(default_factory=list)
    # dictionary forms of the words the article negates somewhere ("not recommend" -> recommend)
    negated: set[str] = field(default_factory=set)


def article_view(document: Document) -> ArticleView:
    """All that the article offers any claim."""
    return _view_for(document, None)


def _view_for(document: Document, asked: list[str] | None) -> ArticleView:
    """The article as the claims `asked` can ask of it (all of it for None): its figures are
    read only when a claim holds a figure, what it negates only when a claim negates, the only
    questions those parts answer (a summary's sentences mostly ask neither). Such a view is
    for those claims alone: another claim could find figures or negations missing from it."""
    view = ArticleView(document, folded=_fold(document.text))
    if asked is None or any(figures(claim) for claim in asked):
        # Sentence by sentence, as the analysis read them (memoized): the same figures as a
        # read of the whole text (checked on 1,795 PTC and PolNeAR articles), for less.
        view.figures = [f for sentence in document.sentences for f in figures(sentence.text)]
    negations = asked is None or any(negated_words(claim) for claim in asked)
    words: set[str] = set()
    for sentence in document.sentences:
        sentence_words = set(lowered_tokens(sentence.text))
        view.sentence_words.append(sentence_words - _STOP)
        words |= sentence_words
        for negated in negated_words(sentence.text) if negations else ():
            view.negated.update(_lemmas(negated))
    # The forms of each word once, not once for every sentence that holds it.
    view.lemmas.update(itertools.chain.from_iterable(map(_lemmas, words)))
    return view


def negated_words(text: str) -> list[str]:
    """The content words each negation cue of `text` bears on: "did not recommend" -> recommend."""
    found = []
    for cue in _NEGATION_FOLDED.finditer(lowered(text)):
        following = itertools.islice(_TOKEN.finditer(text, cue.end()), _NEGATION_REACH)
        after = [m.group(0).lower() for m in following]
        found += [word for word in after if word not in _STOP][:1]
    return found


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> tuple[str, ...]:
    parts = [word, *word.split("-")] if "-" in word else [word]
    forms: list[str] = []
    for part in parts:
        forms.extend(wordnet().lemmas(_strip_possessive(part)))
    return tuple(dict.fromkeys(forms))


_POSSESSIVE_END = re.compile(r"['’]s$")
_CAPITAL_LETTER = re.compile(r"[A-Z]")


def _strip_possessive(word: str) -> str:
    return _POSSESSIVE_END.sub("", word.lower())


def _fold(text: str) -> str:
    return text.replace("’", "'").replace(",", "").lower()


# --- reading a summary sentence --------------------------------------------------------------


def claim_words(text: str) -> list[Word]:
    """The words of a sentence, each marked as a name or not.

    A capitalised word is a name unless it opens the sentence as a common word ("The", "After").
    In a lower-cased sentence, a word outside the dictionary is taken for a name ("bestinsurance").
    """
    lowercase = not _CAPITAL_LETTER.search(text)
    found = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        found.append(Word(word, match.start(), _is_name(word, text, match.start(), lowercase)))
    return found


def _is_name(word: str, text: str, start: int, lowercase: bool) -> bool:
    lower = word.lower()
    if lowercase:
        return lower not in _STOP and not wordnet().is_word(_strip_possessive(lower))
    if not word[0].isupper():
        return False
    opens = start == 0 or text[:start].rstrip().endswith(_SENTENCE_OPENERS)
    common = lower in _STOP or wordnet().is_word(_strip_possessive(lower))
    return not (opens and common)


def content_terms(text: str) -> list[str]:
    """Figures and names (capitalised words) a reader would take as facts."""
    terms = [figure.text.strip() for figure in figures(text)]
    return terms + [word.text for word in claim_words(text) if word.name]


# --- what the article accounts for -----------------------------------------------------------


# Abbreviations of reporting periods that summaries use for the words the article spells out.
_ABBREVIATIONS = {
    "q1": "first quarter",
    "q2": "second quarter",
    "q3": "third quarter",
    "q4": "fourth quarter",
    "h1": "first half",
    "h2": "second half",
    "yoy": "year-over-year",
    "fy": "fiscal year",
}


def _name_in(name: str, view: ArticleView) -> bool:
    """The name, its plural or possessive, its spelled-out form or its pertainym is in it."""
    folded = _fold(_strip_possessive(name))
    forms = [folded, folded.removesuffix("s"), _ABBREVIATIONS.get(folded, folded)]
    if any(_occurs(form, view.folded) for form in forms if len(form) > 1):
        return True
    if "-" in folded and all(_part_in(part, view) for part in folded.split("-")):
        return True
    return any(kin in view.lemmas for lemma in _lemmas(name.lower()) for kin in _kin(lemma))


def _occurs(form: str, folded_text: str) -> bool:
    """`form` stands in `folded_text` as a word of its own (a hyphen in it may be a space or
    nothing there)."""
    if "-" in form:
        return _hyphened(form).search(folded_text) is not None
    at = folded_text.find(form)
    while at >= 0:  # a plain search, then its boundaries: no pattern built per name
        end = at + len(form)
        if not _alnum_at(folded_text, at - 1) and not _alnum_at(folded_text, end):
            return True
        at = folded_text.find(form, at + 1)
    return False


def _alnum_at(text: str, index: int) -> bool:
    """Whether `text[index]` is one of the characters `[a-z0-9]` matches (False off its ends)."""
    return 0 <= index < len(text) and text[index] in _LOWER_ALNUM


_LOWER_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@lru_cache(maxsize=1024)
def _hyphened(form: str) -> re.Pattern[str]:
    pattern = re.escape(form).replace("\\-", "[-\\s]?")
    return re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])")


def _part_in(part: str, view: ArticleView) -> bool:
    return part.isdigit() or wordnet().is_word(part) or _occurs(part, view.folded)


def _negated_in(word: str, view: ArticleView) -> bool:
    lemmas = _lemmas(word)
    return any(lemma in view.negated or _kin(lemma) & view.negated for lemma in lemmas)


def _word_in(word: str, view: ArticleView) -> bool:
    lemmas = _lemmas(word.lower())
    if any(lemma in view.lemmas for lemma in lemmas):
        return True
    return any(kin in view.lemmas for lemma in lemmas for kin in _kin(lemma))


@lru_cache(maxsize=65536)
def _kin(lemma: str) -> frozenset[str]:
    return frozenset(wordnet().kin(lemma))


def _content(words: Iterable[Word]) -> list[Word]:
    return [w for w in words if w.text.lower() not in _STOP and len(w.text) > 1]


# --- alignment --------------------------------------------------------------------------------


def _content_lemmas(text: str) -> set[str]:
    return {
        _lemmas(w.group(0).lower())[-1]
        for w in _TOKEN.finditer(text)
        if w.group(0).lower() not in _STOP
    }


def best_evidence(claim: str, document: Document, top: int = 2) -> list[int]:
    """Ids of the article sentences sharing the most content words with `claim`."""
    return _aligned(claim_words(claim), article_view(document), top)


def _aligned(words: list[Word], view: ArticleView, top: int = 2) -> list[int]:
    wanted = {w.text.lower() for w in _content(words)}
    if not wanted:
        return []
    scored = []
    for index, sentence_words in enumerate(view.sentence_words):
        share = len(wanted & sentence_words) / len(wanted)
        if share >= _MIN_OVERLAP / 2:
            scored.append((share, -index, index))
    scored.sort(reverse=True)
    return [index for _, _, index in scored[:top]]


# --- the check --------------------------------------------------------------------------------


def check_summary(document: Document, summary: str) -> list[GroundingRow]:
    claims = [sentence.text for sentence in build_document(summary).sentences]
    view = _view_for(document, claims)
    return [_ground(view, claim) for claim in claims]


def ground_sentence(document: Document, claim: str) -> GroundingRow:
    return _ground(_view_for(document, [claim]), claim)


def _ground(view: ArticleView, claim: str) -> GroundingRow:
    words = claim_words(claim)
    evidence = _aligned(words, view)
    sources = [view.document.sentences[i].text for i in evidence]
    contradiction = _contradiction(claim, words, sources, view)
    if contradiction:
        return GroundingRow(claim, "inconsistent", evidence, contradiction)
    missing = _missing_facts(claim, words, view)
    if missing:
        return GroundingRow(claim, "unsupported", evidence, f"the article does not say {missing}")
    content = _content(words)
    if not content:
        return GroundingRow(claim, "undecided", evidence, "undecided by code: no content words")
    unexplained = [w.text for w in content if not _word_in(w.text, view)]
    if len(unexplained) / len(content) > _UNEXPLAINED_SHARE:
        return GroundingRow(
            claim,
            "undecided",
            evidence,
            f"undecided by code: the article does not use or paraphrase {unexplained}",
        )
    unmatched = [w for w in negated_words(claim) if not _negated_in(w, view)]
    if unmatched:
        return GroundingRow(
            claim,
            "undecided",
            evidence,
            f"undecided by code: it negates {unmatched}, which the article never negates",
        )
    return GroundingRow(claim, "consistent", evidence, "names, figures and wording match")


def _missing_facts(claim: str, words: list[Word], view: ArticleView) -> list[str]:
    missing = [f.text.strip() for f in figures(claim) if not same_figure(f, view.figures)]
    missing += [w.text for w in words if w.name and len(w.text) > 1 and not _name_in(w.text, view)]
    return list(dict.fromkeys(missing))


def _contradiction(
    claim: str, words: list[Word], sources: list[str], view: ArticleView
) -> str | None:
    if not sources:
        return None
    swap = _antonym_swap(words, sources, view)
    if swap:
        return f"says '{swap[0]}' where the article says '{swap[1]}'"
    changed = _changed_figures(claim, sources, view)
    if changed:
        return changed
    if _copies(claim, sources[0]) and bool(_NEGATION.search(claim)) != bool(
        _NEGATION.search(sources[0])
    ):
        return "negation differs from the article sentence it copies"
    return None


def _changed_figures(claim: str, sources: list[str], view: ArticleView) -> str | None:
    near = [f for source in sources for f in figures(source)]
    changed = [f for f in figures(claim) if not same_figure(f, view.figures)]
    if changed and near:
        shown = sorted({f.text.strip() for f in near})
        said = list(dict.fromkeys(f.text.strip() for f in changed))
        return f"figures {said} differ from the article's {shown}"
    return None


def _antonym_swap(
    words: list[Word], sources: list[str], view: ArticleView
) -> tuple[str, str] | None:
    unexplained = [word for word in _content(words) if not _word_in(word.text, view)]
    if not unexplained:  # the usual case: no word to look up an opposite of
        return None
    source_lemmas = {
        lemma for s in sources for w in _TOKEN.findall(s) for lemma in _lemmas(w.lower())
    }
    claim_lemmas = {lemma for w in words for lemma in _lemmas(w.text.lower())}
    for word in unexplained:
        for lemma in _lemmas(word.text.lower()):
            opposite = wordnet().opposites(lemma) & source_lemmas
            if opposite and not opposite & claim_lemmas:
                return word.text, sorted(opposite)[0]
    return None


def _copies(claim: str, source: str) -> bool:
    wanted = _content_lemmas(claim)
    return bool(wanted) and len(wanted & _content_lemmas(source)) / len(wanted) >= _CLOSE_COPY


# --- what /summarize's validators use ---------------------------------------------------------


def unsupported_terms(claim: str, sources: Iterable[str]) -> list[str]:
    """Names and figures of `claim` that none of `sources` contains."""
    view = article_view(build_document("\n".join(sources)))
    return _missing_facts(claim, claim_words(claim), view)


def unexplained_words(claim: str, sources: Iterable[str]) -> list[str]:
    """Content words of `claim`, other than names and figures, that none of `sources` explains:
    neither the same word, one of its forms, nor a WordNet synonym or derivation of it. A word
    of attribution ("according", "reported") is explained by a source that attributes with any
    cue ("said"): keeping who says what is the summary's job, in its own reporting verb."""
    sources = list(sources)
    return _unexplained(claim, sources, article_view(build_document("\n".join(sources))))


@dataclass(frozen=True, slots=True)
class Sources:
    """Texts read once (`read_sources`), to ask of many claims what they do not account for."""

    view: ArticleView
    attributed: bool
    """Whether any of the texts attributes (see `unexplained_words`)."""


def read_sources(sources: Iterable[str]) -> Sources:
    sources = list(sources)
    view = article_view(build_document("\n".join(sources)))
    return Sources(view, _attributes_any(sources))


def unaccounted(claim: str, sources: Sources) -> set[str]:
    """`claim`'s names and figures that `sources` lack, and its content words they do not
    explain (`unsupported_terms` and `unexplained_words` at once, on texts read once)."""
    missing = _missing_facts(claim, claim_words(claim), sources.view)
    return {*missing, *_unexplained_given(claim, sources.view, sources.attributed)}


def _attributes_any(sources: list[str]) -> bool:
    return any(attributes(word) for s in sources for word in _TOKEN.findall(s))


def _unexplained(claim: str, sources: list[str], view: ArticleView) -> list[str]:
    return _unexplained_given(claim, view, _attributes_any(sources))


def _unexplained_given(claim: str, view: ArticleView, attributed: bool) -> list[str]:
    return list(
        dict.fromkeys(
            w.text
            for w in _content(claim_words(claim))
            if not w.name and not _word_in(w.text, view) and not (attributed and attributes(w.text))
        )
    )


@sentence_memo()
def lowered_tokens(text: str) -> tuple[str, ...]:
    """The words of `text` as the checks below cut them, in lower case.

    Memoized: the off-topic test cuts the sentences that hold a question's word, and a
    `SentencesView` every sentence. Cut from the lowered text at once where that cuts the same
    words: `_TOKEN` reads case only in a clitic (lower case after an apostrophe), and lowering
    turns no character outside ASCII into one inside it but "İ" and the Kelvin sign."""
    if "İ" in text or "\u212a" in text or _CAPITAL_AFTER_APOSTROPHE.search(text):
        return tuple(match.group(0).lower() for match in _TOKEN.finditer(text))
    return tuple(_TOKEN.findall(text.lower()))


_CAPITAL_AFTER_APOSTROPHE = re.compile(r"['’][a-z]*[A-Z]")


def content_words(text: str) -> list[str]:
    """The words of `text` that can carry what it is about (not stop words, not one letter):
    those `_content(claim_words(text))` keeps, without telling names apart (WordNet look-ups)."""
    return [word for word in _TOKEN.findall(text) if word.lower() not in _STOP and len(word) > 1]


class SentencesView:
    """The view of an article's sentences from which any one can be left out cheaply.

    An article checks each of its questions against the rest of it; building a view of the
    rest for each question cost a segmentation and a pass over every word each time. Here each
    sentence's words are read once, with how many sentences hold each word and how many of the
    article's words have each dictionary form: leaving a sentence out leaves out the words no
    other sentence holds, and the forms that only those words have.
    """

    def __init__(self, document: Document, sentences: list[Sentence]) -> None:
        self._document = document
        self._sentences = sentences
        self._words = [frozenset(lowered_tokens(s.text)) for s in sentences]
        self._holding = Counter(itertools.chain.from_iterable(self._words))
        self._forms = Counter(itertools.chain.from_iterable(map(_lemmas, self._holding)))
        self._folded = [_fold(s.text) for s in sentences]

    def unexplained(self, index: int) -> tuple[list[str], list[str]]:
        """Sentence `index`'s names, figures and content words that no other sentence of the
        view explains, and all its content words: how far it is about something they never
        mention."""
        claim = self._document.sentences[index].text
        rest = [i for i, s in enumerate(self._sentences) if s.index != index]
        counted = bool(figures(claim))  # the view's figures are read only for the claim's own
        view = ArticleView(
            self._document,
            lemmas=self._forms.keys() - self._only_in(index),
            figures=[f for i in rest for f in figures(self._sentences[i].text)] if counted else [],
            folded="\n".join(self._folded[i] for i in rest),
        )
        forms = reporting_forms()
        attributed = any(not self._words[i].isdisjoint(forms) for i in rest)
        return _unexplained_parts(claim, attributed, view)

    def _only_in(self, index: int) -> set[str]:
        """The dictionary forms that no other sentence's words have: every word having one is
        held by sentence `index` alone."""
        own = next(
            (w for s, w in zip(self._sentences, self._words, strict=True) if s.index == index),
            frozenset(),
        )
        only_here = Counter(
            itertools.chain.from_iterable(_lemmas(w) for w in own if self._holding[w] == 1)
        )
        return {form for form, count in only_here.items() if self._forms[form] == count}


def _unexplained_parts(
    claim: str, attributed: bool, view: ArticleView
) -> tuple[list[str], list[str]]:
    content = content_words(claim)
    missing = {
        *_missing_facts(claim, claim_words(claim), view),
        *_unexplained_given(claim, view, attributed),
    }
    return [w for w in content if w in missing], content


def numbers_in(text: str) -> set[float]:
    """Every figure as a value, so "3.2 million" and "3,200,000" compare equal."""
    return {figure.value for figure in figures(text)}
