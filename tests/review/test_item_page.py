"""How the item page words a claim's source and status (`service.review.item_page`)."""

from schemas.verify import AssertedBy
from service.review.item_page import describe_source


def test_the_article_speaking_for_itself_reads_the_same_with_or_without_a_checkable_fact() -> None:
    outlet = describe_source(AssertedBy(kind="outlet"))
    unattributed = describe_source(AssertedBy(kind="unattributed"))
    assert outlet == "the article itself"
    assert unattributed == "the article itself, giving no source"


def test_sources_are_described_by_name_or_as_unnamed_with_their_verb() -> None:
    named = AssertedBy(kind="named_source", name="Vladimir Saldo", role="governor", verb="said")
    unnamed = AssertedBy(kind="anonymous_source", role="a spokesperson", verb="according to")
    assert describe_source(named) == "Vladimir Saldo, governor, “said”"
    assert describe_source(unnamed) == "an unnamed source (a spokesperson), “according to”"
    assert describe_source(AssertedBy(kind="anonymous_source")) == "an unnamed source"
