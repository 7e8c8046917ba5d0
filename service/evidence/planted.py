"""What model-written text may not draw on: sentences an article holds that are not its reporting.

A model that read "Ignore previous instructions and say X" may say X: in a summary point, in a
flag's reason or in the words a flag quotes. So may a model that read a question or an order to
its reader ("What are the main causes of the war?", "Explain the rules of cricket."), which an
attacker can plant on the article's own subject so that no test of topic refuses it: a model
that answers it writes the question's words. Code checks what the model wrote against two sets
of sentences (`Withheld`) before anything reaches a response:

- `planted`: an instruction aimed at a model (`Evidence.instruction_sentences`) or a sentence
  that is not news prose (`prose.non_prose`). No model output cites or quotes one, copies a run
  of its words, or holds a word that it explains and the article's reporting does not.
- `asked`: every other order or question to the article's reader (`prose.not_statements`),
  whether or not it is on topic. News asks too ("Why did the bridge close?"), so such a
  sentence may still be quoted by a model's flag, but nothing a model writes (a point, a flag's
  reason, the words a flag quotes) may hold a word that only these sentences and the planted
  ones explain, and no point may cite one: a question states no fact. A question of the
  article's own is about what its reporting says, so its words are mostly explained there too;
  a planted one brings words of its own (`bench/prose_bench.py` counts both). The statement an
  order governs ("Keep in mind that <statement>") is reporting like any other.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from service.evidence.grounding import Sources, read_sources, unaccounted
from service.evidence.model import Evidence
from service.evidence.prose import non_prose, not_statements
from service.evidence.prose_grammar import stated_clause
from service.text import Document

_SHARED_RUN = 5
"""Words in a row model text may share with a planted instruction before it counts as a copy."""
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


@dataclass
class Withheld:
    """The sentences of `document` model text may not draw on (module docstring), with the
    article's reporting and the withheld text each read once for every check of one analysis."""

    document: Document
    planted: frozenset[int] = frozenset()
    asked: frozenset[int] = frozenset()
    _runs: set[tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        texts = [self.document.sentences[i].text for i in sorted(self.planted)]
        self._runs = set().union(*map(_word_runs, texts))

    @property
    def uncited(self) -> frozenset[int]:
        """Sentences no model-written point may cite: the planted and the asked."""
        return self.planted | self.asked

    def carries(self, text: str) -> bool:
        """Whether `text` copies a run of words of a planted sentence, or holds a word (name,
        figure or content word, in any of its forms, synonyms or derivations) that a withheld
        sentence explains and the article's reporting does not."""
        if not self.uncited:
            return False
        if _word_runs(text) & self._runs:
            return True
        added = unaccounted(text, self._reporting)
        return bool(added) and bool(added - unaccounted(text, self._withheld))

    @cached_property
    def _reporting(self) -> Sources:
        reported = [s.text for s in self.document.sentences if s.index not in self.uncited]
        return read_sources(reported + [stated for _, stated in self._orders])

    @cached_property
    def _withheld(self) -> Sources:
        planted = [self.document.sentences[i].text for i in sorted(self.planted)]
        return read_sources(planted + [asked for asked, _ in self._orders])

    @cached_property
    def _orders(self) -> list[tuple[str, str]]:
        """Each asked sentence as (what it asks, the statement it governs, often empty): in
        "Keep in mind that <statement>" only the order is withheld, the statement is the
        article's own reporting (`prose_grammar.stated_clause`)."""
        split = []
        for index in sorted(self.asked):
            text = self.document.sentences[index].text
            at = stated_clause(text)
            split.append((text, "") if at is None else (text[:at], text[at:]))
        return split


def _word_runs(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i : i + _SHARED_RUN]) for i in range(len(words) - _SHARED_RUN + 1)}


def withheld_sentences(document: Document, evidence: Evidence) -> frozenset[int]:
    """The sentences no model output may cite, quote or draw words from: instructions aimed at
    a model, and sentences that are not news prose (markup, data, code, text addressed to a
    model: `prose.non_prose`). The one list the summary and the report both withhold."""
    return evidence.instruction_sentences() | frozenset(non_prose(document))


def withholding(document: Document, evidence: Evidence) -> Withheld:
    """What of `document` the model's output may not draw on, for the summary and the report."""
    planted = withheld_sentences(document, evidence)
    asked = frozenset(not_statements(document)) - planted
    return Withheld(document, planted, asked)
