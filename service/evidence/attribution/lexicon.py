"""The attribution lexicons as data: reporting cues (`seeds/lexicons/attribution_cues.tsv`)
and the words that shape a source phrase (`seeds/lexicons/attribution_sources.tsv`)."""

from dataclasses import dataclass
from functools import lru_cache

from service.evidence.wordnet import wordnet
from service.resources import read_lexicon_rows

_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Cue:
    """One written form of a reporting cue, e.g. "pointed out" of "point out"."""

    words: tuple[str, ...]
    lemma: str
    kind: str
    """speech, writing, belief or evidence."""
    needs_clause: bool
    """Only a cue when it introduces what was said (see the TSV header)."""
    by_source: bool = False
    """A noun whose source follows "by" or "from" ("allegations by the auditor")."""
    adjacent_clause: bool = False
    """The clause must open right after the verb or its pronoun object ("conceded that",
    "assured him that"), not after any object ("named the firm that won")."""

    @property
    def participle(self) -> bool:
        """A present participle ("saying"), whose subject is the clause's own subject."""
        return self.words[0].endswith("ing") and self.lemma != "according to" and not self.by_source


@dataclass(frozen=True, slots=True)
class SourceWords:
    anonymous: frozenset[str]
    modifiers: tuple[tuple[str, ...], ...]
    impersonal: tuple[str, ...]
    organisation: frozenset[str]
    documents: frozenset[str]


def inflections(lemma: str) -> tuple[str, ...]:
    """The lemma, its third person, past and present participle, for a regular English verb."""
    head, _, particle = lemma.partition(" ")
    forms = [head, _third_person(head), _past(head), _present_participle(head)]
    return tuple(f"{form} {particle}".strip() for form in dict.fromkeys(forms))


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        return verb[:-1] + "ies"
    return verb + "s"


def _past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        return verb[:-1] + "ied"
    return verb + "ed"


def _present_participle(verb: str) -> str:
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return verb + "ing"


_rows = read_lexicon_rows


@lru_cache(maxsize=1)
def cues_by_first_word() -> dict[str, tuple[Cue, ...]]:
    """Every cue form, filed under its first word; longer forms first."""
    table: dict[str, list[Cue]] = {}
    for row in _rows("attribution_cues.tsv"):
        lemma, kind, frame = row[0], row[1], row[2]
        if frame == "object":
            continue  # a stance verb: a frame (frames.py), not a cue of its own
        forms = row[3].split(" ") if len(row) > 3 else None
        written = _phrases(row[3]) if forms else inflections(lemma)
        for form in written:
            words = tuple(form.split())
            cue = Cue(words, lemma, kind, frame == "clause", frame == "by")
            table.setdefault(words[0], []).append(cue)
    _add_wordnet_cues(table)
    return {word: tuple(sorted(cues, key=lambda c: -len(c.words))) for word, cues in table.items()}


def _add_wordnet_cues(table: dict[str, list[Cue]]) -> None:
    """Verbs of communication and cognition (WordNet's lexicographer files) beyond the written
    cues, only where they introduce a clause, and only in their past forms: a bare or -s form is
    as often a noun ("plans", "records"), and a participle after a comma attributes without a
    clause ("..., saying"), which only a written cue may do."""
    listed = {cue.lemma for cues in table.values() for cue in cues}
    irregular: dict[str, list[str]] = {}
    for form, base in _rows("wordnet_inflections.tsv"):
        irregular.setdefault(base, []).append(form)
    for lemma, kind in _rows("wordnet_cue_verbs.tsv"):
        if lemma in listed:
            continue
        for form in {_past(lemma), *irregular.get(lemma, ())}:
            if form in table or form.endswith("ing"):
                continue  # a form that is already another cue ("found") keeps that reading
            cue = Cue((form,), lemma, kind, needs_clause=True, adjacent_clause=True)
            table.setdefault(form, []).append(cue)


def _phrases(column: str) -> tuple[str, ...]:
    """Irregular forms, space-separated; a particle ("out") joins the word before it."""
    words = column.split()
    particles = {"out", "to", "up"}
    phrases: list[str] = []
    for word in words:
        if word in particles and phrases:
            phrases[-1] += f" {word}"
        else:
            phrases.append(word)
    return tuple(phrases)


def stance_verbs() -> dict[str, tuple[str, str]]:
    """The written forms of the verbs of stance (frame "object"), with their lemma and kind."""
    found: dict[str, tuple[str, str]] = {}
    for row in _rows("attribution_cues.tsv"):
        if row[2] == "object":
            forms = row[3].split(" ") if len(row) > 3 else inflections(row[0])
            found.update((form, (row[0], row[1])) for form in forms)
    return found


@lru_cache(maxsize=1)
def source_words() -> SourceWords:
    by_role: dict[str, list[str]] = {}
    for role, entry in _rows("attribution_sources.tsv"):
        by_role.setdefault(role, []).append(entry)
    modifiers = sorted((tuple(m.split()) for m in by_role["modifier"]), key=lambda m: -len(m))
    return SourceWords(
        anonymous=frozenset(by_role["anonymous"]),
        modifiers=tuple(modifiers),
        impersonal=tuple(by_role["impersonal"]),
        organisation=frozenset(by_role["organisation"]),
        documents=frozenset(by_role["document"]),
    )


@lru_cache(maxsize=1)
def _grammar() -> dict[str, frozenset[str]]:
    return {row[0]: frozenset(row[1].split()) for row in _rows("attribution_grammar.tsv")}


def grammar_words(name: str) -> frozenset[str]:
    """A set of function words from `seeds/lexicons/attribution_grammar.tsv`."""
    return _grammar()[name]


_NOMINAL_ENDINGS = ("ion", "al", "ence", "ance", "ment", "ing")


@lru_cache(maxsize=1)
def possessive_cues() -> dict[str, Cue]:
    """Nouns that attribute to their possessor ("the ministry's claim that", "Pence's call
    for"): the cue verbs themselves used as nouns and their nominalisations in WordNet's
    derivations ("suggest" -> "suggestion"), singular and plural."""
    derived = wordnet().derivations
    found: dict[str, Cue] = {}
    for cues in cues_by_first_word().values():
        for cue in cues:
            if len(cue.words) > 1 or cue.lemma == "according to" or cue.adjacent_clause:
                continue
            lemma = cue.lemma
            nouns = [lemma] + [
                noun for noun in derived.get(lemma, "").split() if noun.endswith(_NOMINAL_ENDINGS)
            ]
            for noun in nouns:
                for form in (noun, _third_person(noun)):
                    found.setdefault(form, Cue((form,), lemma, cue.kind, needs_clause=True))
    return found


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns whose first WordNet sense is a person ("investor", "resident")."""
    return frozenset(row[0] for row in _rows("wordnet_person_nouns.tsv"))


@lru_cache(maxsize=1)
def reporting_forms() -> frozenset[str]:
    """Single-word forms of the written speech and writing cues ("said", "reported", "wrote"),
    and "according" of "according to"."""
    forms = {"according"}
    for row in _rows("attribution_cues.tsv"):
        if row[1] in {"speech", "writing"} and " " not in row[0]:
            forms.update(row[3].split(" ") if len(row) > 3 else inflections(row[0]))
    return frozenset(forms)


def attributes(word: str) -> bool:
    """Whether `word` says who said something: a form of a written speech or writing cue."""
    return word.lower() in reporting_forms()


@lru_cache(maxsize=16384)
def word_kinds(word: str) -> tuple[str, ...]:
    """WordNet's lexicographer files for `word` (lower case), most frequent sense first;
    remembered, since the attribution rules ask about the same few words in every article."""
    return wordnet().kinds(word)
