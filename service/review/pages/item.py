"""/desk/items/{id}: an item's page (the article highlighted, its flags by claim, the audit
trail) and what an editor does with the item as a whole: edit the summary, retry a failed
analysis, start the review, approve (or see what remains undecided), return. Decisions on
single flags, claims and contradictions are in `decisions`."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from service.auth.desk import DeskFormUser, DeskUser
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep, JobsDep
from service.review import service
from service.review.context import Actor
from service.review.deps import request_id
from service.review.desk_errors import analysis_failure
from service.review.duplicates import candidates
from service.review.gate import ReviewIncomplete
from service.review.highlight import highlight, item_marks
from service.review.item_page import (
    claim_groups,
    colour_key,
    discussion,
    gate_list,
    revision_changes,
    unflagged_claims,
)
from service.review.pages.rendering import act, needs_editor, redirect, render

router = APIRouter(prefix="/desk", include_in_schema=False)


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: str, db: DatabaseDep, user: DeskUser) -> Response:
    item = service.get_item(db, item_id)
    if item.error is not None:
        item = item.model_copy(update={"error": analysis_failure(item.error)})
    audit = service.audit_trail(db, item_id, 500, 0)
    article = highlight(item.article.text, item_marks(item))
    groups = claim_groups(item)
    return render(
        request,
        "item.html",
        user,
        item=item,
        article=article,
        groups=groups,
        unflagged=unflagged_claims(item, groups),
        colour_key=colour_key(),
        undecided=sum(flag.decision is None for flag in item.flags),
        audit=audit.entries,
        gate=gate_list(item),
        gate_refused=request.query_params.get("gate") == "refused",
        duplicate_choices=candidates(item.flags),
        contradiction_decided={d.contradiction_id: d for d in item.contradiction_decisions},
        assignees=service.assignees(db) if user.principal.can("editor") else [],
        thread=discussion(item),
        revision_changes=revision_changes(item.revisions),
    )


@router.post("/items/{item_id}/summary")
def edit_summary(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    user: DeskFormUser,
    text: Annotated[str, Form()],
) -> Response:
    return act(
        user.principal,
        request,
        f"/desk/items/{item_id}",
        lambda actor: service.edit_summary(db, item_id, text, actor),
    )


@router.post("/items/{item_id}/retry")
def retry(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    jobs: JobsDep,
    user: DeskFormUser,
    mode: Annotated[str, Form()] = "",
) -> Response:
    actor = Actor(user.principal.name, request_id(request))
    try:
        service.retry(db, jobs, item_id, actor, "fast" if mode == "fast" else None)
    except DeskcheckError as refused:
        return redirect(f"/desk/items/{item_id}", refused.for_editors or refused.detail)
    return redirect(f"/desk/items/{item_id}")


@router.post("/items/{item_id}/approve")
def approve(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    user: DeskFormUser,
    override: Annotated[str, Form()] = "",
    override_reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Approve; refused while anything is undecided: the page then lists what remains (an
    admin's form there approves over it, with the reason it asks for)."""
    back, principal = f"/desk/items/{item_id}", user.principal
    if not principal.can("editor"):
        return redirect(back, needs_editor(principal))
    reason = override_reason.strip() or None
    if override and reason is None:
        return redirect(back, "Not approved: give the reason for approving over what remains.")
    try:
        service.approve(
            db, item_id, Actor(principal.name, request_id(request)), reason, principal.can("admin")
        )
    except ReviewIncomplete:
        return RedirectResponse(f"{back}?gate=refused#gate", status_code=303)
    except DeskcheckError as refused:
        return redirect(back, refused.for_editors or refused.detail)
    return redirect(back)


# After /summary, /retry and /approve: `{action}` would match those too.
@router.post("/items/{item_id}/{action}")
def lifecycle(
    request: Request,
    item_id: str,
    action: str,
    db: DatabaseDep,
    user: DeskFormUser,
    note: Annotated[str, Form()] = "",
) -> Response:
    actions: dict[str, Callable[[Actor], object]] = {
        "start": lambda actor: service.start_review(db, item_id, actor),
        "return": lambda actor: service.return_item(db, item_id, note, actor),
    }
    if action not in actions:
        return redirect(f"/desk/items/{item_id}", f"unknown action {action!r}")
    return act(user.principal, request, f"/desk/items/{item_id}", actions[action])
