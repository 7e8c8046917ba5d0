"""Anonymity spelled out in the text: "speaking on condition of anonymity", "an unnamed
official", "sources close to", "analysts say"."""

from service.evidence.detectors._pattern import PatternDetector

ANONYMOUS_PHRASE = PatternDetector(
    "anonymous_phrase",
    "anonymous_source",
    0.9,
    "The source is not named; the editor cannot see who stands behind this.",
    r"\b(?:speaking on (?:the )?condition of anonymity|on condition of anonymity|"
    r"who (?:asked|declined) (?:not )?to be (?:named|identified)|"
    r"an? (?:unnamed |anonymous |senior |informed )?(?:source|official|insider)s?"
    r"(?: (?:within|inside|close to|familiar with|in) [^,.;]{3,60})?|"
    r"sources (?:said|say|close to|familiar with)|"
    r"(?:military |western |local |energy |security )*(?:analysts|officials|experts) "
    r"(?:suggest|say|said|believe|confirmed|emphasizing|claim))\b",
    rule="attribution",
)
