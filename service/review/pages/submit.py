"""/desk/submit: the submit form, and a submission stored and queued for analysis.

Whatever refuses a submission, even a session that ended while the editor was pasting, the
article comes back as the editor left it: in the form, or carried through a new log-in.
"""

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from service.auth.desk import DeskUser, MaybeDeskFormUser
from service.auth.login import DraftKeeping, login_page
from service.auth.sessions import LiveSession
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep, JobsDep, SettingsDep, get_services
from service.llm.tasks import AnalysisPlan, analysis_plan
from service.review import service
from service.review.context import Actor
from service.review.deps import request_id
from service.review.pages.rendering import redirect, render
from service.review.submission_form import (
    UNEXPECTED,
    FormProblem,
    SubmissionForm,
    refusal_message,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/desk", include_in_schema=False)

_SESSION_ENDED = (
    "Your desk session has ended, so the article was not submitted. Log in again: it comes "
    "back in the submit form as you left it."
)


@router.get("/submit")
def submit_form(request: Request, user: DeskUser, settings: SettingsDep) -> Response:
    form = SubmissionForm(mode=full_analysis(request).default_mode)
    return submit_page(request, user, settings.max_article_chars, form)


def full_analysis(request: Request) -> AnalysisPlan:
    """What full mode runs on this service's backend: the form says it instead of promising a
    model, and checks the mode that does the most here."""
    services = get_services(request)
    return analysis_plan(services.settings, services.backend.name)


def submit_page(
    request: Request,
    user: LiveSession,
    max_chars: int,
    form: SubmissionForm,
    code: int = 200,
    problem: str | None = None,
) -> Response:
    return render(
        request,
        "submit.html",
        user,
        code,
        form=form,
        max_chars=max_chars,
        form_error=problem,
        full_analysis=full_analysis(request),
    )


@router.post("/submit")
def submit(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    jobs: JobsDep,
    # Not DeskFormUser: without a session the article goes to the log-in page, not away.
    user: MaybeDeskFormUser,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    mode: Annotated[str, Form()] = "full",
) -> Response:
    form = SubmissionForm.from_browser(title, outlet, text, mode)
    if user is None:
        return login_page(request, None, 401, _SESSION_ENDED, form)

    def again(code: int, problem: str) -> Response:
        """The form as the editor left it, with what to do: nothing pasted is lost."""
        return submit_page(request, user, settings.max_article_chars, form, code, problem)

    try:
        body = form.request(settings.max_article_chars)
        actor = Actor(user.principal.name, request_id(request))
        item = service.submit(db, settings, jobs, body, actor)
    except FormProblem as problem:
        return again(problem.status, problem.message)
    except DeskcheckError as refused:
        return again(refused.status, refusal_message(refused))
    except Exception:  # the store or the queue failing: the editor's text must survive it
        log.exception("desk submission failed")
        return again(500, UNEXPECTED)
    return redirect(f"/desk/items/{item.id}")


def _resume(request: Request, user: LiveSession, draft: SubmissionForm) -> Response:
    """The submit form again after a log-in, holding the draft the ended session kept."""
    max_chars = get_services(request).settings.max_article_chars
    return submit_page(request, user, max_chars, draft)


SUBMISSION_DRAFTS = DraftKeeping(keep=SubmissionForm.from_browser, resume=_resume)
"""What the log-in (auth, below the desk) borrows to carry a submission through it."""
