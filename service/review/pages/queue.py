"""/desk/: the review queue, newest first, fifty a page, filtered by status and by whom the
items are given to; editors tick items and give them to someone from here.

An editor who has open items assigned lands on those ("Assigned to me"); the whole queue is a
click away, and every view is an address that can be shared. The newest comments that mention
the editor are listed above the queue.
"""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.auth.desk import DeskUser
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep
from service.review import service
from service.review.pages.rendering import redirect, render
from service.review.repository import QueueFilter

router = APIRouter(prefix="/desk", include_in_schema=False)
MENTIONS_SHOWN = 5
"""The newest comments that mention the editor, above their queue."""


@router.get("/")
def queue(
    request: Request,
    db: DatabaseDep,
    user: DeskUser,
    status: str | None = None,
    cursor: str = "",
    assigned: str = "",
    q: str = "",
) -> Response:
    name = user.principal.name
    mine = service.open_assigned(db, name)
    view = assigned if assigned in ("me", "all") else ("me" if mine else "all")
    where = QueueFilter(
        status=status or None, assignee=name if view == "me" else None, search=q[:500] or None
    )
    try:
        page = service.list_queue(db, where, 50, cursor=cursor or None)
    except DeskcheckError as refused:
        return redirect("/desk/", refused.for_editors or refused.detail)
    return render(
        request,
        "queue.html",
        user,
        page=page,
        status_filter=status or "",
        search=q,
        analysis=service.analysis_counts(db),
        view=view,
        mine=mine,
        assignees=service.assignees(db) if user.principal.can("editor") else [],
        mentions=service.mentions(db, name, MENTIONS_SHOWN).comments,
    )
