"""An editor's own flag from the item page: the words picked in the article (by mouse, touch
or keys: static/own_flag.js fills in their offsets), a flag type and why. Back to the page at
the new flag, or with the refusal in words."""

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from schemas.review import OwnFlagRequest
from service.auth.desk import DeskFormUser
from service.http.deps import DatabaseDep
from service.review import service
from service.review.context import Actor
from service.review.pages.rendering import act, redirect
from service.review.templating import templates

router = APIRouter(prefix="/desk", include_in_schema=False)


def crlf_offsets(text: str) -> str:
    """Where the article has a CR before an LF, as offsets: a browser's page drops those CRs,
    so the page's script counts them back in when it turns a selection into offsets."""
    return " ".join(str(found.start()) for found in re.finditer("\r\n", text))


templates.env.globals["crlf_offsets"] = crlf_offsets

_FIELD_WORDS = {
    "start": "select the words to flag in the article first",
    "end": "select the words to flag in the article first",
    "type": "choose a flag type from the list",
    "note": "write why you flag these words",
}


@router.post("/items/{item_id}/flags")
def add_own_flag(
    request: Request,
    item_id: str,
    db: DatabaseDep,
    user: DeskFormUser,
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    back = f"/desk/items/{item_id}"
    try:
        fields = {"start": _offset(start), "end": _offset(end), "type": type, "note": note}
        body = OwnFlagRequest.model_validate(fields)
    except ValidationError as refused:
        return redirect(back, _in_words(refused))
    added: list[int] = []

    def work(actor: Actor) -> None:
        _, flag_id = service.add_own_flag(db, item_id, body, actor)
        added.append(flag_id)

    response = act(user.principal, request, back, work)
    if added:
        response.headers["location"] += f"#flag-{added[0]}"
    return response


def _offset(value: str) -> int | None:
    """A form's offset as a number; None (refused as missing) when it is none."""
    return int(value) if value.strip().isdecimal() else None


def _in_words(refused: ValidationError) -> str:
    """The first field the form got wrong, said as what to do about it."""
    fields = [str(error["loc"][0]) for error in refused.errors() if error["loc"]]
    return "; ".join(dict.fromkeys(_FIELD_WORDS.get(f, f"check {f}") for f in fields))
