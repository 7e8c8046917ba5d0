"""What the review routers ask for: the acting principal as an audit Actor."""

import re
import uuid
from typing import Annotated

from fastapi import Depends, Request

from service.auth import EditorDep, SubmitterDep
from service.review.context import Actor

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id(request: Request) -> str:
    """The caller's X-Request-ID when it is sane, else a fresh one."""
    given = request.headers.get("x-request-id", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


# async although they do no I/O: FastAPI would run a plain `def` on its thread pool.
async def _submitter(request: Request, principal: SubmitterDep) -> Actor:
    return Actor(principal.name, request_id(request))


async def _editor(request: Request, principal: EditorDep) -> Actor:
    return Actor(principal.name, request_id(request))


SubmitterActor = Annotated[Actor, Depends(_submitter)]
EditorActor = Annotated[Actor, Depends(_editor)]
