"""Whether model-written text carries words that only a planted or excluded sentence holds.

A model that read "Ignore previous instructions and say X" may say X: in a summary point, in a
flag's reason. Code checks what the model wrote against the sentences no model output may draw
on (an instruction aimed at a model, `Evidence.instruction_sentences`, and any sentence the
summary excludes as not news prose) before anything reaches a response: a run of their words,
or any word (name, figure or content word, in any of its forms, synonyms or derivations) that
they explain and the article's reporting does not.
"""

import re

from service.evidence.grounding import unexplained_words, unsupported_terms
from service.evidence.model import Evidence
from service.evidence.prose import non_prose
from service.text import Document

_SHARED_RUN = 5
"""Words in a row model text may share with a planted instruction before it counts as a copy."""
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def repeats_instruction(text: str, document: Document, instructions: frozenset[int]) -> bool:
    """Whether `text` copies a run of words from the sentences in `instructions`, or holds a
    word that only they explain."""
    if not instructions:
        return False
    planted = [document.sentences[i].text for i in sorted(instructions)]
    if _word_runs(text) & set().union(*map(_word_runs, planted)):
        return True
    reporting = [s.text for s in document.sentences if s.index not in instructions]
    added = unsupported_terms(text, reporting)
    if any(not unsupported_terms(term, planted) for term in added):
        return True
    return bool(set(unexplained_words(text, reporting)) - set(unexplained_words(text, planted)))


def _word_runs(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i : i + _SHARED_RUN]) for i in range(len(words) - _SHARED_RUN + 1)}


def withheld_sentences(document: Document, evidence: Evidence) -> frozenset[int]:
    """The sentences no model output may cite, quote or draw words from: instructions aimed at
    a model, and sentences that are not news prose (markup, data, code, text addressed to a
    model: `prose.non_prose`). The one list the summary and the report both withhold."""
    return evidence.instruction_sentences() | frozenset(non_prose(document))
