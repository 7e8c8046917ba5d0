"""The counts of what an editor would not pass on in a summary's points."""

from schemas.summarize import SourceRef, SummaryPoint
from service.config import Settings
from service.eval.fast import FastRunner
from service.eval.summary_points import contradicted_figures_unsourced, unattributed_quotes

ARTICLE = (
    "A missile strike on the market killed 14 people on Thursday, the governor said.\n"
    "Among the 11 people killed in the strike were two children.\n"
)


def _point(text: str, sentence: int = 0, attributed_to: str | None = None) -> SummaryPoint:
    ref = SourceRef(sentence=sentence, start=0, end=1)
    return SummaryPoint(text=text, sources=[ref], attributed_to=attributed_to)


def test_a_quote_without_its_speaker_counts_and_one_naming_them_does_not() -> None:
    points = [
        _point('"We will rebuild the whole market," the governor said.', attributed_to="governor"),
        _point('"We will rebuild the whole market."', attributed_to="governor"),
        _point('"We will rebuild the whole market," he said.'),
        _point('The so-called "peace plan" was rejected.'),
    ]
    assert unattributed_quotes(points) == 2


def test_a_contradicted_figure_counts_unless_its_source_is_named() -> None:
    with FastRunner(Settings()) as runner:
        report = runner.verify(ARTICLE)
    assert {c.sentence for c in report.claims if c.status == "contradicted"} == {0, 1}
    points = [
        _point("A missile strike on the market killed 14 people on Thursday.", 0),
        _point("The strike killed 14 people, the governor said.", 0, "governor"),
        _point("Two children were among those killed.", 1),
        _point("Among the 11 people killed were two children.", 1),
    ]
    assert contradicted_figures_unsourced(points, report) == 2
