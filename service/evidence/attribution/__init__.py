"""Attribution: who asserts each sentence (a named source, an unnamed one, the outlet, nobody).

`attribute_document` is the entry point; the cue and source-word lists are data in
`seeds/lexicons/attribution_*.tsv`; `frames.py` composes the verbs of saying and thinking
beyond the written cues from WordNet's lexicographer files.
"""

from service.evidence.attribution.document import attribute_document
from service.evidence.attribution.quotes import CHECKWORTHY, checkworthy, mask_quotes

__all__ = ["CHECKWORTHY", "attribute_document", "checkworthy", "mask_quotes"]
