"""Deterministic per-sentence rules: epistemic cues, unnamed sources, loaded language."""

import re
from collections.abc import Iterator

from schemas.verify import FlagType
from service.evidence.lexicon import loaded_language_lexicon
from service.evidence.model import Signal
from service.text import Sentence

_CUES: list[tuple[FlagType, float, str, re.Pattern[str]]] = [
    (
        "unconfirmed",
        0.95,
        "The article itself says this is not confirmed.",
        re.compile(
            r"\b(?:unconfirmed reports?|(?:remains?|are|is|were|was) (?:still )?unverified|"
            r"could not (?:be )?(?:independently )?(?:verified|confirmed)|if true|"
            r"not (?:been )?independently (?:verified|confirmed))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "hedged",
        0.8,
        "Hedged wording: the claim is not stated as established fact.",
        re.compile(
            r"\b(?:reportedly|allegedly|purportedly|apparently|supposedly|rumou?red|"
            r"(?:has|have) not ruled out|is believed to|are believed to|may have|might have|"
            r"is said to|are said to|it is claimed)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "anonymous_source",
        0.9,
        "The source is not named; the editor cannot see who stands behind this.",
        re.compile(
            r"\b(?:speaking on (?:the )?condition of anonymity|on condition of anonymity|"
            r"who (?:asked|declined) (?:not )?to be (?:named|identified)|"
            r"an? (?:unnamed |anonymous |senior |informed )?(?:source|official|insider)s?"
            r"(?: (?:within|inside|close to|familiar with|in) [^,.;]{3,60})?|"
            r"sources (?:said|say|close to|familiar with)|analysts (?:suggest|say|believe))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "speculation",
        0.7,
        "Describes an inner state or detail no reporter is shown to have observed.",
        re.compile(
            r"\b(?:(?:his|her|their) voice (?:trembling|shaking|breaking|cracking)(?: slightly)?|"
            r"(?:was|were) (?:visibly )?(?:shaken|terrified|nervous)|aimed at weakening)\b",
            re.IGNORECASE,
        ),
    ),
]


def cue_signals(sentence: Sentence) -> Iterator[Signal]:
    for flag_type, confidence, detail, pattern in _CUES:
        for match in pattern.finditer(sentence.text):
            start = sentence.start + match.start()
            yield Signal(
                flag_type,
                start,
                start + len(match.group(0)),
                detail,
                f"rule:{_RULE_NAME[flag_type]}",
                confidence,
            )


def loaded_signals(sentence: Sentence) -> Iterator[Signal]:
    lexicon = loaded_language_lexicon()
    for match in lexicon.pattern.finditer(sentence.text):
        entry = lexicon.entries[" ".join(match.group(0).lower().split())]
        start = sentence.start + match.start()
        detail = f"{entry.category.capitalize()} wording; a neutral report would not use it."
        yield Signal(
            "loaded_language",
            start,
            start + len(match.group(0)),
            detail,
            "rule:loaded_language",
            0.85,
            entry.suggestion,
        )


_RULE_NAME: dict[FlagType, str] = {
    "unconfirmed": "epistemic",
    "hedged": "epistemic",
    "anonymous_source": "attribution",
    "speculation": "epistemic",
}
