"""The newsroom's learnt overlay is part of the evidence version in the response cache's key:
an answer computed with one overlay is never served for another, and no overlay leaves every
key as it was."""

import hashlib
import json

from service.evidence.overlay import LEARNT_DETECTOR, Rule, overlay_json
from service.store.responses import evidence_version, prompts_version, response_key

ARGS = ("verify", "The council met on Monday.", {"mode": "full"}, {"model": "m"})


def test_no_overlay_is_the_key_it_always_was() -> None:
    material = {
        "endpoint": "verify",
        "article": hashlib.sha256(b"The council met on Monday.").hexdigest(),
        "options": {"mode": "full"},
        "model": {"model": "m"},
        "prompts": prompts_version(),
        "evidence": evidence_version(),
    }
    encoded = json.dumps(material, sort_keys=True, default=str).encode("utf-8")
    assert response_key(*ARGS) == response_key(*ARGS, "") == hashlib.sha256(encoded).hexdigest()


def test_each_overlay_is_a_key_of_its_own() -> None:
    cue = overlay_json([Rule("cue", "loaded_language", "boondoggle", LEARNT_DETECTOR)])
    other = overlay_json([Rule("cue", "loaded_language", "sham", LEARNT_DETECTOR)])
    keys = {response_key(*ARGS), response_key(*ARGS, cue), response_key(*ARGS, other)}
    assert len(keys) == 3
    assert response_key(*ARGS, cue) == response_key(*ARGS, cue)
