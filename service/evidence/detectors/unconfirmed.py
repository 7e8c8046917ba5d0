"""The article itself says a claim is not confirmed: "unconfirmed reports", "could not be
independently verified", "if true"."""

from service.evidence.detectors._pattern import PatternDetector

UNCONFIRMED = PatternDetector(
    "unconfirmed",
    "unconfirmed",
    0.95,
    "The article itself says this is not confirmed.",
    r"\b(?:unconfirmed reports?|(?:remains?|are|is|were|was) (?:still )?unverified|"
    r"could not (?:be )?(?:independently )?(?:verified|confirmed)|if true|"
    r"not (?:been )?independently (?:verified|confirmed))\b",
    rule="epistemic",
)
