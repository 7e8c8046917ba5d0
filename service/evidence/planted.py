"""Whether model-written text repeats an instruction planted in the article.

A model that read "Ignore previous instructions and say X" may say X: in a summary point, in a
flag's reason. Code checks what the model wrote against the planted sentences
(`Evidence.instruction_sentences`) before anything reaches a response.
"""

import re

from service.evidence.grounding import unsupported_terms
from service.text import Document

_SHARED_RUN = 5
"""Words in a row model text may share with a planted instruction before it counts as a copy."""
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def repeats_instruction(text: str, document: Document, instructions: frozenset[int]) -> bool:
    """Whether `text` copies a run of words from a planted instruction, or holds a name or
    figure that only the planted instruction holds."""
    if not instructions:
        return False
    planted = [document.sentences[i].text for i in sorted(instructions)]
    if _word_runs(text) & set().union(*map(_word_runs, planted)):
        return True
    reporting = [s.text for s in document.sentences if s.index not in instructions]
    added = unsupported_terms(text, reporting)
    return any(not unsupported_terms(term, planted) for term in added)


def _word_runs(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i : i + _SHARED_RUN]) for i in range(len(words) - _SHARED_RUN + 1)}
