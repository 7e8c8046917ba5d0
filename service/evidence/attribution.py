"""Who asserts a sentence: a named source, an unnamed one, the outlet, or nobody."""

import re

from service.evidence.model import Attribution, Signal

_VERBS = (
    r"said|says|stated|told|wrote|revealed|confirmed|announced|reported|claimed|added|urged|"
    r"warned|noted|according to|in a message|in a statement"
)
_NAMED = re.compile(
    rf"(?P<name>(?:[A-Z][a-z]+\s){{0,2}}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[,’']?\s*(?:[^.]{{0,80}}?)"
    rf"\b(?P<verb>{_VERBS})\b"
)
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;]{3,80})", re.IGNORECASE)
_CHECKWORTHY = re.compile(r"\d|\b(?:killed|injured|struck|destroyed|attack(?:ed)?)\b")


def attribute(sentence_text: str, signals: list[Signal]) -> Attribution:
    if any(s.type == "anonymous_source" for s in signals):
        return Attribution(
            "anonymous_source", role=_anonymous_role(sentence_text), verb=_verb(sentence_text)
        )
    according = _ACCORDING.search(sentence_text)
    if according and re.search(r"\b[A-Z][a-z]+", according.group("who")):
        return Attribution("named_source", name=according.group("who").strip(), verb="according to")
    named = _NAMED.search(sentence_text)
    if named:
        return Attribution("named_source", name=named.group("name"), verb=named.group("verb"))
    if _CHECKWORTHY.search(sentence_text):
        return Attribution("unattributed")
    return Attribution("outlet")


def _anonymous_role(text: str) -> str | None:
    match = re.search(r"\b(?:a|an) ((?:source|spokesperson|official)[^,.;]{0,80})", text)
    return match.group(1).strip() if match else None


def _verb(text: str) -> str | None:
    match = re.search(rf"\b({_VERBS})\b", text, re.IGNORECASE)
    return match.group(1) if match else None
