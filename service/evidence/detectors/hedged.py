"""Hedged wording: "reportedly", "is believed to", "has not ruled out", "appears to have"."""

from service.evidence.detectors._pattern import PatternDetector

HEDGED = PatternDetector(
    "hedged",
    "hedged",
    0.8,
    "Hedged wording: the claim is not stated as established fact.",
    r"\b(?:reportedly|allegedly|purportedly|apparently|supposedly|rumou?red|"
    r"(?:has|have) not ruled out|is believed to|are believed to|may have|might have|"
    r"is said to|are said to|it is claimed|it (?:is|was) (?:further )?alleged|"
    r"remains? under investigation|"
    r"preliminary (?:assessments?|reports?|findings) (?:indicated?|suggested?|showed?)|"
    r"could not be ruled out|appears? to have)\b",
    rule="epistemic",
)
