"""The sourcing grammar (`service.evidence.sourcing`) on sentences whose exact phrasing no
lexicon entry spells out: each frame is composed from its parts."""

from service.evidence.sourcing import frames
from tests.evidence.helpers import evidence_for


def _frames_in(text: str) -> set[str]:
    return {frame.name for frame in frames() if frame.pattern.search(text)}


def _signals(text: str) -> set[tuple[str, str]]:
    _, evidence = evidence_for(text)
    return {(s.type, text[s.start : s.end]) for s in evidence.signals()}


def test_verification_absent_is_found_in_unlisted_combinations() -> None:
    assert "verification absent" in _frames_in("The footage was never formally authenticated.")
    assert "verification absent" in _frames_in("Nobody has yet substantiated the account.")
    assert "verification absent" in _frames_in("The list remains uncorroborated.")
    assert "verification absent" in _frames_in("The toll had not been validated by the agency.")


def test_verification_absent_names_the_body_that_could_verify() -> None:
    text = "The count was not confirmed by the electoral commission."
    found = _signals(text)
    assert ("unconfirmed", "not confirmed by the electoral commission") in found
    assert all(kind != "hedged" for kind, _ in found)


def test_a_party_that_did_not_dispute_or_deny_is_flagged() -> None:
    assert "not disputed" in _frames_in("A council official didn't contest the figures.")
    assert "not disputed" in _frames_in("The firm has never refuted the report.")
    assert "not disputed" in _frames_in("Her lawyers declined to deny the allegation.")
    assert "not disputed" not in _frames_in("The firm disputed the report.")


def test_no_response_needs_what_was_not_answered() -> None:
    assert "no response" in _frames_in("The embassy failed to reply to written questions.")
    assert "no response" in _frames_in("A spokeswoman refused to comment on Friday.")
    assert "no response" in _frames_in("He did not answer several calls.")
    assert "no response" not in _frames_in("She did not return to the stadium.")


def test_appearance_and_allegation_are_hedges() -> None:
    assert "appearance" in _frames_in("The stamps seemed to belong to another registry.")
    assert "appearance" in _frames_in("The memo ostensibly came from the treasury.")
    assert "allegation" in _frames_in("It was later alleged that ballots were burned.")
    assert "allegation" in _frames_in("The general is rumoured to have fled.")


def test_unnamed_collectives_as_speaker_or_agent_are_anonymous() -> None:
    assert "unnamed collective" in _frames_in("The plan was attacked by several prominent critics.")
    assert "unnamed collective" in _frames_in("Numerous local activists said the river was dry.")
    assert "unnamed collective" in _frames_in("The idea drew scorn from some economists.")
    assert "unnamed collective" not in _frames_in("Many residents lost their homes.")


def test_a_named_source_the_article_calls_unverified_is_still_flagged() -> None:
    text = "Governor Ana Petrova said 40 people died, a figure not yet independently verified."
    _, evidence = evidence_for(text)
    claim = evidence.claims[0]
    assert claim.attribution.kind == "named_source"
    assert "unconfirmed" in {s.type for s in claim.signals}
