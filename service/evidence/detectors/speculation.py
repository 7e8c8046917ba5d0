"""Inner states and motives no reporter is shown to have observed: "his voice trembling",
"visibly shaken", "designed to intimidate"."""

from service.evidence.detectors._pattern import PatternDetector

SPECULATION = PatternDetector(
    "speculation",
    "speculation",
    0.7,
    "Describes an inner state or detail no reporter is shown to have observed.",
    r"\b(?:(?:his|her|their) voice (?:trembling|shaking|breaking|cracking)(?: slightly)?|"
    r"(?:was|were) (?:visibly )?(?:shaken|terrified|nervous|furious|desperate)|"
    r"(?:carried|with) an uncharacteristic \w+|"
    r"(?:aimed at|designed to|intended to|in an attempt to) (?:weaken|destabilize|"
    r"terrorize|intimidate|provoke|sow)\w*|"
    r"(?:was|is|are|were) (?:often )?aimed at \w+ing)\b",
    rule="epistemic",
)
