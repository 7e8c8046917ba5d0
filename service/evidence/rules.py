"""Deterministic per-sentence rules: epistemic cues, unnamed sources, loaded language."""

import re
from collections.abc import Iterator, Sequence

from schemas.verify import FlagType
from service.evidence.lexicon import loaded_spans
from service.evidence.model import Signal
from service.evidence.prefilter import FoldedPattern, lowered, mentions_any
from service.text import Sentence


def _folded(source: str) -> FoldedPattern:
    """A case-insensitive pattern, scanned over the lowered sentence (see prefilter.py)."""
    return FoldedPattern(re.compile(source, re.IGNORECASE))


# (flag type, confidence, detail, pattern, keywords): every match of a pattern contains one of
# its keywords (lower-cased), so a sentence without any of them skips the pattern.
Cue = tuple[FlagType, float, str, FoldedPattern, tuple[str, ...]]

_CUES: list[Cue] = [
    (
        "unconfirmed",
        0.95,
        "The article itself says this is not confirmed.",
        _folded(
            r"\b(?:unconfirmed reports?|(?:remains?|are|is|were|was) (?:still )?unverified|"
            r"could not (?:be )?(?:independently )?(?:verified|confirmed)|if true|"
            r"not (?:been )?independently (?:verified|confirmed))\b",
        ),
        ("unconfirmed report", "unverified", "could not ", "if true", "independently"),
    ),
    (
        "hedged",
        0.8,
        "Hedged wording: the claim is not stated as established fact.",
        _folded(
            r"\b(?:reportedly|allegedly|purportedly|apparently|supposedly|rumou?red|"
            r"(?:has|have) not ruled out|is believed to|are believed to|may have|might have|"
            r"is said to|are said to|it is claimed|remains? under investigation|"
            r"preliminary (?:assessments?|reports?|findings) (?:indicated?|suggested?|showed?)|"
            r"could not be ruled out|appears? to have)\b",
        ),
        (
            *("reportedly", "allegedly", "purportedly", "apparently", "supposedly", "rumo"),
            *("ruled out", "believed to", "may have", "might have", "said to", "it is claimed"),
            *("under investigation", "preliminary ", "appear"),
        ),
    ),
    (
        "anonymous_source",
        0.9,
        "The source is not named; the editor cannot see who stands behind this.",
        _folded(
            r"\b(?:speaking on (?:the )?condition of anonymity|on condition of anonymity|"
            r"who (?:asked|declined) (?:not )?to be (?:named|identified)|"
            r"an? (?:unnamed |anonymous |senior |informed )?(?:source|official|insider)s?"
            r"(?: (?:within|inside|close to|familiar with|in) [^,.;]{3,60})?|"
            r"sources (?:said|say|close to|familiar with)|"
            r"(?:military |western |local |energy |security )*(?:analysts|officials|experts) "
            r"(?:suggest|say|said|believe|confirmed|emphasizing|claim))\b",
        ),
        ("anonymity", "to be ", "source", "official", "insider", "analysts", "experts"),
    ),
    (
        "speculation",
        0.7,
        "Describes an inner state or detail no reporter is shown to have observed.",
        _folded(
            r"\b(?:(?:his|her|their) voice (?:trembling|shaking|breaking|cracking)(?: slightly)?|"
            r"(?:was|were) (?:visibly )?(?:shaken|terrified|nervous|furious|desperate)|"
            r"(?:carried|with) an uncharacteristic \w+|"
            r"(?:aimed at|designed to|intended to|in an attempt to) (?:weaken|destabilize|"
            r"terrorize|intimidate|provoke|sow)\w*|"
            r"(?:was|is|are|were) (?:often )?aimed at \w+ing)\b",
        ),
        (
            *("voice ", "shaken", "terrified", "nervous", "furious", "desperate"),
            *("uncharacteristic", "aimed at", "designed to", "intended to", "attempt to"),
        ),
    ),
]


def cues_for(lowered_document: str) -> list[Cue]:
    """The cues an article can show, each with only the keywords the article contains.

    A keyword missing from the whole (lowered) article is missing from each of its sentences,
    so testing the article once spares most per-sentence keyword tests.
    """
    narrowed = []
    for flag_type, confidence, detail, pattern, keywords in _CUES:
        present = tuple(k for k in keywords if k in lowered_document)
        if present:
            narrowed.append((flag_type, confidence, detail, pattern, present))
    return narrowed


def cue_signals(sentence: Sentence, cues: Sequence[Cue] = _CUES) -> Iterator[Signal]:
    """Epistemic and unnamed-source cues; `cues` may be narrowed to the article (`cues_for`)."""
    text = lowered(sentence.text)
    for flag_type, confidence, detail, pattern, keywords in cues:
        if not mentions_any(text, keywords):
            continue
        for match in pattern.finditer(sentence.text, text):
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
    for span in loaded_spans(sentence.text):
        yield Signal(
            "loaded_language",
            sentence.start + span.start,
            sentence.start + span.end,
            span.detail,
            "rule:loaded_language",
            span.confidence,
            span.suggestion,
        )


_RULE_NAME: dict[FlagType, str] = {
    "unconfirmed": "epistemic",
    "hedged": "epistemic",
    "anonymous_source": "attribution",
    "speculation": "epistemic",
}
