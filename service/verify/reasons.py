"""A model flag's reason, kept only where the article and the flag types explain its words.

A model's reason is free text, and free text is where a model that obeyed a planted
instruction puts what it was told to say, whether or not code recognised the instruction. So a
reason stands only when each of its names, figures and content words is explained (the same
word, its forms, WordNet synonyms and derivations) by the sentence the flag quotes or by the
descriptions of the flag types the prompt offered; otherwise the flag keeps its span and type,
and its reason is written by code from the type's description.
"""

from functools import lru_cache

from schemas.verify import FlagType
from service.evidence.flag_types import SPECS, model_reportable
from service.evidence.grounding import unexplained_words, unsupported_terms


@lru_cache(maxsize=1)
def _vocabulary() -> str:
    """What the prompt told the model about the flag types, in words it may reuse."""
    return " ".join(
        f"{spec.type.replace('_', ' ')}: {spec.description}" for spec in model_reportable()
    )


def flag_reason(reason: str, flag_type: FlagType, sentence: str) -> str:
    """`reason` if the quoted sentence and the flag types explain it, else the type's own."""
    sources = [sentence, _vocabulary()]
    reason = reason.strip()
    if reason and not unsupported_terms(reason, sources) and not unexplained_words(reason, sources):
        return reason
    return f"marked by the model as {flag_type.replace('_', ' ')}: {SPECS[flag_type].description}"
