"""Words that put a statement on another occasion than the one it seems to repeat."""

import re

OTHER_OCCASION = re.compile(
    r"\b(?:earlier|previous|another|separate(?:ly)?|last (?:week|month|year)|later|again)\b",
    re.IGNORECASE,
)
"""An earlier, later or separate event: its figures and times are not the same event's."""
