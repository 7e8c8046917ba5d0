"""An editor's comment from the item page, on the item or on one claim; back to the thread."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from schemas.review import CommentRequest
from service.auth.desk import DeskFormUser
from service.http.deps import DatabaseDep
from service.review import service
from service.review.pages.rendering import act, redirect

router = APIRouter(prefix="/desk", include_in_schema=False)


@router.post("/items/{item_id}/comment")
def comment(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    user: DeskFormUser,
    text: Annotated[str, Form()] = "",
    claim_id: Annotated[str, Form()] = "",
) -> Response:
    back = f"/desk/items/{item_id}"
    try:
        body = CommentRequest(text=text, claim_id=claim_id or None)
    except ValidationError:
        return redirect(back, "Not sent: write the comment first (up to 4,000 characters).")
    response = act(user.principal, request, back, lambda a: service.comment(db, item_id, body, a))
    response.headers["location"] += "#discussion"
    return response
