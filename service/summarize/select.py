"""The `select` summary task: the model chooses among the article's own sentences.

Code offers the extractive shortlist (twice as many sentences as points) as candidates; the
model's only part is judging which of them matter most. The response model narrows the ids
to the candidates with a JSON-schema `enum`, which a grammar-constrained backend (llama.cpp)
compiles into its grammar, so every answer names sentences that exist; the points are then
those code made of the chosen sentences (`points.py`), in article order. Nothing the model
writes reaches the summary.
"""

from typing import Literal

from pydantic import Field, create_model

from schemas.llm import SentenceChoice, SummaryDraft
from service.evidence import Evidence
from service.llm import CallStats, ModelClient
from service.llm.conversation import task_messages
from service.summarize.extractive import shortlist
from service.summarize.points import Candidate
from service.text import Document


def candidates(document: Document, evidence: Evidence, max_points: int) -> list[Candidate]:
    """The sentences the model may choose: the extractive shortlist, in article order."""
    return shortlist(document, evidence, max_points)


def choice_model(ids: list[int], max_points: int) -> type[SentenceChoice]:
    """`SentenceChoice` whose ids can only be `ids`, at most `max_points` of them."""
    allowed = Literal[tuple(ids)]  # type: ignore[valid-type]
    return create_model(
        "SentenceChoice",
        __base__=SentenceChoice,
        __doc__=SentenceChoice.__doc__,
        sentences=(
            list[allowed],  # type: ignore[valid-type]
            Field(
                min_length=1,
                max_length=max_points,
                description=SentenceChoice.model_fields["sentences"].description,
            ),
        ),
    )


def chosen_summary(
    offered: list[Candidate], choice: SentenceChoice, max_points: int
) -> SummaryDraft:
    """The chosen candidates' points in article order; repeats count once."""
    by_sentence = {candidate.sentence: candidate for candidate in offered}
    picked = list(dict.fromkeys(i for i in choice.sentences if i in by_sentence))[:max_points]
    return SummaryDraft(points=[by_sentence[i].point for i in sorted(picked)])


async def select_summary(
    document: Document, evidence: Evidence, max_points: int, model: ModelClient, marker: str
) -> tuple[SummaryDraft, CallStats]:
    """Ask the model to choose; raises `ModelOutputInvalid` if no answer passes validation."""
    offered = candidates(document, evidence, max_points)
    ids = [candidate.sentence for candidate in offered]
    messages = task_messages(
        "select",
        document,
        marker,
        max_points=min(max_points, len(ids)),
        candidates=", ".join(map(str, ids)),
    )
    choice, stats = await model.structured(
        messages, choice_model(ids, min(max_points, len(ids))), context={}
    )
    return chosen_summary(offered, choice, max_points), stats
