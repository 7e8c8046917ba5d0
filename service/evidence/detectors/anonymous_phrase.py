"""Anonymity spelled out in the text: "speaking on condition of anonymity", "who asked not to
be named". Who the unnamed source is ("a council source", "officials said") is the attribution
layer's finding (`unnamed_source.py`), with the span of the words that name it."""

from service.evidence.detectors._pattern import PatternDetector

ANONYMOUS_PHRASE = PatternDetector(
    "anonymous_phrase",
    "anonymous_source",
    0.9,
    "The source is not named; the editor cannot see who stands behind this.",
    r"\b(?:speaking on (?:the )?condition of anonymity|on condition of anonymity|"
    r"who (?:asked|declined|did not want|does not want) (?:not )?to be (?:named|identified)|"
    r"(?:was|were) not (?:authori[sz]ed|permitted|allowed) to (?:speak|comment) (?:publicly|"
    r"on the record))\b",
    rule="attribution",
)
