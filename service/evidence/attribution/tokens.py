"""Words and punctuation of a (quote-masked) sentence, with offsets."""

import re
from typing import NamedTuple

from service.evidence.prefilter import a_to_z_runs, sentence_memo

_TOKEN = re.compile(r"\w+(?:[’'.&-]\w+)*[’']?|[^\w\s]")
QUOTE_MARKS = frozenset("‘’“”\"'")
PUNCTUATION = frozenset(",;:.!?()[]—–-") | QUOTE_MARKS


class Token(NamedTuple):
    """A named tuple rather than a dataclass: a sentence makes dozens, and this is cheapest."""

    start: int
    end: int
    text: str
    lower: str
    capitalised: bool
    punctuation: bool

    @property
    def possessive(self) -> bool:
        return self.lower.endswith(("’s", "'s", "s’", "s'"))


def tokenize(text: str, lowered_text: str, reach: int | None = None) -> list[Token]:
    """Tokens of `text` up to about `reach`; `lowered_text` is `lowered(text)` (same offsets)."""
    spans = [m.span() for m in _TOKEN.finditer(text, 0, len(text) if reach is None else reach)]
    # one comprehension over plain spans: the hottest loop of attribution. tuple.__new__ builds
    # each Token without the Python-level __new__ a NamedTuple class adds (a third faster).
    new = tuple.__new__
    return [
        new(
            Token,
            (start, end, word, lowered_text[start:end], word[0].isupper(), word in PUNCTUATION),
        )
        for start, end in spans
        for word in (text[start:end],)
    ]


@sentence_memo()
def sentence_words(lowered_text: str) -> frozenset[str]:
    """The runs of letters a-z in a lowered sentence (`[a-z]+`): which cues, frame verbs or
    check-worthy words it may hold. Memoized: attribution and `checkworthy` read the same
    masked sentence."""
    return frozenset(a_to_z_runs(lowered_text))
