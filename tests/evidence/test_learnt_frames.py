"""Reporting cues a newsroom's editors taught: their lemma, whether they can be learnt, and
attribution reading them as frames only where the overlay holds them."""

from service.evidence.analyze import analyze
from service.evidence.attribution.frames import learnable_frame, learnt_frames, lemma_of
from service.evidence.overlay import Rule, attribution_cues, cue_lemma
from service.text import build_document

ASSAIL = Rule("cue", "attribution_cue", "assail", "newsroom")


def test_a_marked_cue_is_tallied_by_its_dictionary_form() -> None:
    assert [lemma_of(w) for w in ("assailed", "hopes", "written", "said")] == [
        "assail",
        "hope",
        "write",
        "say",
    ]
    assert cue_lemma("  Pointed   out ") == "point out"


def test_only_a_verb_attribution_does_not_read_yet_can_be_learnt() -> None:
    assert learnable_frame("assail")
    assert not learnable_frame("say")  # a written cue: a miss there is a source not found
    assert not learnable_frame("about")  # a function word
    assert not learnable_frame("point out")  # a phrase: frames are one word
    assert not learnable_frame("criticism")  # no verb
    assert {"assail", "assails", "assailed", "assailing"} <= set(
        learnt_frames(frozenset({"assail"}))
    )


def test_a_learnt_cue_attributes_with_a_frames_checks_and_nothing_without_it() -> None:
    document = build_document(
        "Senator Maria Lopez assailed the budget as a gift to donors on Tuesday. "
        "Senator Maria Lopez did not assail the plan. The storm assailed the coast on Monday."
    )
    shipped = [claim.attribution.kind for claim in analyze(document).claims]
    assert shipped == ["outlet", "outlet", "outlet"]
    learnt = analyze(document, (ASSAIL,)).claims
    assert (learnt[0].attribution.kind, learnt[0].attribution.name) == (
        "named_source",
        "Maria Lopez",
    )
    assert learnt[1].attribution.kind == "outlet"  # denied: nobody's words
    assert learnt[2].attribution.kind == "outlet"  # a storm holds no view
    assert not [s for c in learnt for s in c.signals if s.type == "attribution_cue"]


def test_only_the_attribution_cue_rules_reach_attribution() -> None:
    other = Rule("cue", "loaded_language", "boondoggle", "newsroom")
    assert attribution_cues((ASSAIL, other)) == frozenset({"assail"})
    assert attribution_cues(()) == frozenset()
