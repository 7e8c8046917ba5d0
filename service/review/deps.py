"""What the review routers ask for: the acting principal as an audit Actor; the queue's pages."""

import uuid
from typing import Annotated

from fastapi import Depends, Request

from service.auth.deps import AdminDep, EditorDep, SubmitterDep
from service.observability.request_id import current_request_id
from service.review.context import Actor
from service.review.queue_pages import QueuePages


def request_id(request: Request) -> str:
    """The id this request's log lines and X-Request-ID response header carry (the caller's
    when it is sane, else a fresh one: `service.observability.request_id`)."""
    return current_request_id() or uuid.uuid4().hex


# async although they do no I/O: FastAPI would run a plain `def` on its thread pool.
async def _submitter(request: Request, principal: SubmitterDep) -> Actor:
    return Actor(principal.name, request_id(request))


async def _editor(request: Request, principal: EditorDep) -> Actor:
    return Actor(principal.name, request_id(request))


async def _admin(request: Request, principal: AdminDep) -> Actor:
    return Actor(principal.name, request_id(request))


SubmitterActor = Annotated[Actor, Depends(_submitter)]
EditorActor = Annotated[Actor, Depends(_editor)]
AdminActor = Annotated[Actor, Depends(_admin)]


async def _queue_pages(request: Request) -> QueuePages:
    pages: QueuePages = request.app.state.queue_pages
    return pages


QueuePagesDep = Annotated[QueuePages, Depends(_queue_pages)]
