"""Detectors that flag every match of one pattern: the shape of most epistemic cues."""

import re
from collections.abc import Iterator

from schemas.verify import FlagType
from service.evidence.context import AnalysisContext
from service.evidence.model import Finding, Signal
from service.evidence.prefilter import FoldedPattern, lowered, required_keywords


class PatternDetector:
    """Flags each match of a case-insensitive pattern with one type, detail and confidence.

    The pattern's keyword guard is derived from the pattern itself (`required_keywords`): a
    sentence, or a whole article, without any of them cannot match and is skipped.
    """

    def __init__(
        self,
        name: str,
        flag_type: FlagType,
        confidence: float,
        detail: str,
        pattern: str,
        rule: str | None = None,
    ) -> None:
        self.name = name
        self.flag_type = flag_type
        self.confidence = confidence
        self.detail = detail
        self.rule = f"rule:{rule or name}"
        self.pattern = FoldedPattern(re.compile(pattern, re.IGNORECASE))
        self.keywords = required_keywords(self.pattern.pattern)

    def detect(self, ctx: AnalysisContext) -> Iterator[Finding]:
        # The document's keyword index answers for the whole text: no substring test per keyword.
        for sentence in ctx.sentences_having(self.keywords):
            text = lowered(sentence.text)
            for match in self.pattern.finditer(sentence.text, text):
                start = sentence.start + match.start()
                signal = Signal(
                    self.flag_type,
                    start,
                    start + len(match.group(0)),
                    self.detail,
                    self.rule,
                    self.confidence,
                )
                yield Finding.flag(sentence.index, signal)
