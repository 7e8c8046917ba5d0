"""Place names and regions as articles write them ("Aleisk, Kherson Oblast")."""

import re

NAME_WORD = r"[A-Z][\w’'-]*[a-z]"
PLACE = rf"{NAME_WORD}(?:[\s-]{NAME_WORD}){{0,2}}"
PLACE_NAME = re.compile(PLACE)
DESIGNATOR = r"(?:Oblast|oblast|Krai|Kray|krai|Region|region|Province|province|Governorate)"
# A comma or "in" must stand between place and region: "The Kirkuk region" names one region.
PLACE_IN_REGION = re.compile(
    rf"\b(?P<place>{PLACE})(?:,\s+(?:in\s+(?:the\s+)?)?|\s+in\s+(?:the\s+)?)"
    rf"(?P<region>{PLACE})\s+{DESIGNATOR}\b"
)
DESIGNATORS = tuple(DESIGNATOR.removeprefix("(?:").removesuffix(")").split("|"))
"""`PLACE_IN_REGION` needs a designator word: sentences without one skip it."""
REGION_MENTION = re.compile(rf"\b(?P<region>{PLACE})\s+{DESIGNATOR}\b")
