"""A checker's second opinion on the points a model wrote (the `draft` style only).

Code already refused any point with a name, number or date its cited sentences lack; what code
cannot see is a point that rewords its sources into something they do not say. Where a checker
runs, each model-written point goes to it (MiniCheck: the cited sentences as the document, the
point as the claim) and a point it answers No to is dropped. Points built by code from the
article's own sentences (`select`, extractive) are not sent: they are the article's words.
"""

from dataclasses import dataclass, field

from schemas.common import TaskRun
from schemas.llm import DraftPoint, SummaryDraft
from service.config import Settings
from service.errors import DeskcheckError
from service.evidence.prose import non_prose, not_statements
from service.llm.backend import Backend
from service.llm.checker import Checker, checker_endpoint
from service.llm.tasks import task_plan
from service.text import Document, build_document


@dataclass
class CheckedPoints:
    draft: SummaryDraft
    task: TaskRun
    warnings: list[str] = field(default_factory=list)


async def check_points(
    draft: SummaryDraft, document: Document, settings: Settings, backend: Backend
) -> CheckedPoints:
    plan = task_plan("checker", settings, backend)
    endpoint = checker_endpoint(settings, backend) if plan.runs else None
    if endpoint is None:
        reason = plan.reason if not plan.runs else "the model backend is not ready"
        return CheckedPoints(draft, TaskRun(task="checker", ran=False, reason=reason))
    checker = Checker(endpoint, settings)
    kept: list[DraftPoint] = []
    dropped: list[DraftPoint] = []
    warnings: list[str] = []
    try:
        for point in draft.points:
            sources = " ".join(document.sentences[i].text for i in point.sentences)
            answer = await checker.check(sources, point.text)
            (dropped if answer == "unsupported" else kept).append(point)
    except DeskcheckError as error:
        warnings.append(f"the checker failed ({error.detail}); unchecked points were kept")
        kept += [p for p in draft.points if p not in kept and p not in dropped]
    finally:
        await checker.close()
    if dropped:
        texts = "; ".join(repr(p.text) for p in dropped)
        warnings.append(f"the checker found no support in the cited sentences for: {texts}")
    ran = TaskRun(task="checker", ran=True, reason=plan.reason)
    return CheckedPoints(SummaryDraft(points=kept), ran, warnings)


def prose_points(draft: SummaryDraft, refused: frozenset[int]) -> tuple[SummaryDraft, list[str]]:
    """The model-written points that are news prose and rest on no `refused` sentence (not
    prose, planted, or an order or question: `points.never_cited`), and a warning naming how
    many were dropped.

    Validation already re-asked a model that cited or copied such a sentence; this is the
    last word on what the model wrote itself: a point that is markup, data, code or text
    addressed to a model ("Sure! Here is ...") is never shown, whatever it cites: it is read
    as a text of its own, sentence by sentence, by the same test as the article.
    """
    kept = [
        point
        for point in draft.points
        if not set(point.sentences) & refused and _states_news(point.text)
    ]
    dropped = len(draft.points) - len(kept)
    if not dropped:
        return draft, []
    # The warning names no words of the dropped points: they may be an attacker's.
    return SummaryDraft(points=kept), [
        f"{dropped} model-written point{'s were' if dropped > 1 else ' was'} not news prose "
        "(markup, data, code, an order or question, or text addressed to a model) and left out"
    ]


def _states_news(text: str) -> bool:
    """A point read as a text of its own is news prose and states something (no order, no
    question)."""
    point = build_document(text)
    return not non_prose(point) and not not_statements(point)
