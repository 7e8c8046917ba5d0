"""Giving items to editors from the desk: one from its page, many from the queue's check boxes.

Both are form posts that come back where they were sent from, with the refusal shown if the
assignment was refused (then nothing was assigned: the bulk form gives all or none).
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from schemas.review import AssignRequest, BulkAssignRequest
from service.auth.desk import DeskFormUser
from service.http.deps import DatabaseDep
from service.review import service
from service.review.pages.rendering import act, redirect

router = APIRouter(prefix="/desk", include_in_schema=False)

_CHOOSE = "choose whom to give the items to, and tick at least one item"


@router.post("/items/{item_id}/assign")
def assign_one(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    user: DeskFormUser,
    assignee: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    back = f"/desk/items/{item_id}"
    body = AssignRequest(assignee=assignee.strip() or None, note=note.strip())
    response = act(user.principal, request, back, lambda a: service.assign(db, item_id, body, a))
    response.headers["location"] += "#assignment"
    return response


@router.post("/assign")
def assign_many(
    request: Request,
    db: DatabaseDep,
    user: DeskFormUser,
    item_ids: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies form defaults)
    assignee: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    back: Annotated[str, Form()] = "/desk/",
) -> Response:
    back = back if back.startswith("/desk/") and "//" not in back else "/desk/"
    try:
        body = BulkAssignRequest(item_ids=item_ids, assignee=assignee.strip(), note=note.strip())
    except ValidationError:
        return redirect(back, _CHOOSE)
    return act(user.principal, request, back, lambda a: service.assign_many(db, body, a))
