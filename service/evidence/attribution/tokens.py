"""Words and punctuation of a (quote-masked) sentence, with offsets."""

import re
from typing import NamedTuple

from service.evidence.prefilter import sentence_memo

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
    # Every other character made a space (a non-ASCII one is first one "?"), what is left to
    # split are exactly the runs: three passes in C, cheaper than a regex's match per word.
    ascii_text = lowered_text.encode("ascii", "replace")
    return frozenset(ascii_text.translate(_SPACE_BUT_A_TO_Z).decode("ascii").split())


_SPACE_BUT_A_TO_Z = bytes(code if ord("a") <= code <= ord("z") else ord(" ") for code in range(256))
