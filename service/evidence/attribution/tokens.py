"""Words and punctuation of a (quote-masked) sentence, with offsets."""

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:[’'.&-]\w+)*[’']?|[^\w\s]")
QUOTE_MARKS = frozenset("‘’“”\"'")
PUNCTUATION = frozenset(",;:.!?()[]—–-") | QUOTE_MARKS


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def punctuation(self) -> bool:
        return self.text in PUNCTUATION

    @property
    def possessive(self) -> bool:
        return self.lower.endswith(("’s", "'s", "s’", "s'"))


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0), m.group(0).lower()) for m in _TOKEN.finditer(text)]
