"""An editor's decision on one flag, claim or contradiction of an item, from the item page: as a
form post (back to the page, at the flag) or from the page's script, which decides without a
reload and asks for JSON."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter, ValidationError

from schemas.review import (
    ClaimDecision,
    ClaimDecisionRequest,
    ContradictionDecision,
    ContradictionDecisionRequest,
    DecideRequest,
    Decision,
)
from service.auth.desk import DeskFormUser
from service.auth.principal import Principal
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep
from service.http.errors import error_response
from service.http.params import ClaimId, ContradictionId, FlagId
from service.review import service
from service.review.context import Actor
from service.review.deps import request_id
from service.review.errors import StaleDecision
from service.review.pages.rendering import act, needs_editor, redirect

router = APIRouter(prefix="/desk", include_in_schema=False)
_DECISION: TypeAdapter[DecideRequest] = TypeAdapter(DecideRequest)

_DECIDED_MEANWHILE = (
    "someone else decided this flag after this page was loaded: reload the page to see their "
    "decision, then decide again"
)


@router.post("/items/{item_id}/flags/{flag_id}")
def decide(
    request: Request,
    item_id: str,
    flag_id: FlagId,
    db: DatabaseDep,
    user: DeskFormUser,
    decision: Annotated[Decision, Form()],
    note: Annotated[str, Form()] = "",
    expected_version: Annotated[int | None, Form()] = None,
    duplicate_of: Annotated[str, Form()] = "",
) -> Response:
    # The version the page showed: deciding on a stale page is refused, not silently applied.
    try:
        fields: dict[str, object] = {
            "decision": decision,
            "note": note,
            "expected_version": expected_version,
        }
        if decision == "duplicate":
            fields["duplicate_of"] = _flag_number(duplicate_of)
        body = _DECISION.validate_python(fields)
    except ValidationError:
        return _refused(request, item_id, flag_id, _CHOOSE_ORIGINAL)
    if _wants_json(request):
        return _decide_for_script(request, db, item_id, flag_id, body, user.principal)
    response = act(
        user.principal,
        request,
        f"/desk/items/{item_id}",
        lambda actor: service.decide_flag(db, item_id, flag_id, body, actor),
    )
    response.headers["location"] += f"#flag-{flag_id}"
    return response


_CHOOSE_ORIGINAL = "choose the flag this one repeats, then press Duplicate"


def _flag_number(chosen: str) -> int | None:
    """The flag chosen in the page's list of flags this one may repeat; None if none was."""
    return int(chosen) if chosen.isdigit() else None


def _refused(request: Request, item_id: str, flag_id: int, words: str) -> Response:
    if _wants_json(request):
        return error_response(422, "invalid_duplicate", words)
    response = redirect(f"/desk/items/{item_id}", words)
    response.headers["location"] += f"#flag-{flag_id}"
    return response


def _wants_json(request: Request) -> bool:
    """The page's script asks for JSON to decide without a reload; a plain form post does not."""
    return "application/json" in request.headers.get("accept", "")


def _decide_for_script(
    request: Request,
    db: DatabaseDep,
    item_id: str,
    flag_id: int,
    body: DecideRequest,
    principal: Principal,
) -> JSONResponse:
    """The decided flag and the item's status, or `{"error", "detail"}` in words for the page."""
    if not principal.can("editor"):
        return error_response(403, "forbidden", needs_editor(principal))
    actor = Actor(principal.name, request_id(request))
    try:
        item = service.decide_flag(db, item_id, flag_id, body, actor)
    except StaleDecision as refused:
        return error_response(refused.status, refused.kind, _DECIDED_MEANWHILE)
    except DeskcheckError as refused:
        return error_response(refused.status, refused.kind, refused.for_editors or refused.detail)
    flag = next(f for f in item.flags if f.id == flag_id)
    return JSONResponse({"flag": flag.model_dump(mode="json"), "item_status": item.status})


@router.post("/items/{item_id}/claims/{claim_id}")
def decide_claim(
    request: Request,
    item_id: str,
    claim_id: ClaimId,
    db: DatabaseDep,
    user: DeskFormUser,
    decision: Annotated[ClaimDecision, Form()],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    body = ClaimDecisionRequest(decision=decision, note=note)
    response = act(
        user.principal,
        request,
        f"/desk/items/{item_id}",
        lambda actor: service.decide_claim(db, item_id, claim_id, body, actor),
    )
    response.headers["location"] += f"#claim-notes-{claim_id}"
    return response


@router.post("/items/{item_id}/contradictions/{contradiction_id}")
def decide_contradiction(
    request: Request,
    item_id: str,
    contradiction_id: ContradictionId,
    db: DatabaseDep,
    user: DeskFormUser,
    decision: Annotated[ContradictionDecision, Form()],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    body = ContradictionDecisionRequest(decision=decision, note=note)
    response = act(
        user.principal,
        request,
        f"/desk/items/{item_id}",
        lambda actor: service.decide_contradiction(db, item_id, contradiction_id, body, actor),
    )
    response.headers["location"] += f"#contradiction-{contradiction_id}"
    return response
