"""/desk/learning: for admins, what editors' decisions propose (suppress a term in a context,
adopt a cue editors keep adding, raise a term's confidence), each with the decisions it rests
on, applied or reverted with one button; and the newsroom's overlay of applied rules."""

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError

from schemas.learning import RuleKey
from service.auth.desk import DeskFormUser, DeskUser
from service.auth.principal import Principal
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep, SettingsDep
from service.review import learning
from service.review.context import Actor
from service.review.deps import request_id
from service.review.pages.rendering import redirect, render

router = APIRouter(prefix="/desk", include_in_schema=False)
PAGE = "/desk/learning"
_ADMINS = "what the desk learns is applied by admins; ask one to look at /desk/learning"


@router.get("/learning")
def learning_page(
    request: Request, db: DatabaseDep, settings: SettingsDep, user: DeskUser
) -> Response:
    if not user.principal.can("admin"):
        return redirect("/desk/", _ADMINS)
    view = learning.learning_view(db, settings)
    return render(request, "learning.html", user, view=view)


@router.post("/learning/apply")
def apply_proposal(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    user: DeskFormUser,
    action: Annotated[str, Form()],
    flag_type: Annotated[str, Form()],
    detector: Annotated[str, Form()],
    term: Annotated[str, Form()],
    outlet: Annotated[str, Form()] = "",
) -> Response:
    fields = {"action": action, "flag_type": flag_type, "detector": detector, "term": term}
    try:
        key = RuleKey.model_validate(fields | {"outlet": outlet or None})
    except ValidationError:
        return redirect(PAGE, "this proposal could not be read: reload the page and try again")
    return _as_admin(user.principal, request, lambda a: learning.apply(db, settings, key, a))


@router.post("/learning/rules/{rule_id}/revert")
def revert_rule(
    request: Request,
    rule_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    db: DatabaseDep,
    user: DeskFormUser,
) -> Response:
    return _as_admin(user.principal, request, lambda a: learning.revert(db, rule_id, a))


def _as_admin(user: Principal, request: Request, work: learning.Work) -> Response:
    if not user.can("admin"):
        return redirect(PAGE, _ADMINS)
    try:
        work(Actor(user.name, request_id(request)))
    except DeskcheckError as refused:
        return redirect(PAGE, refused.for_editors or refused.detail)
    return redirect(PAGE)
