"""/desk/: the review queue, newest first, fifty a page, filtered by status."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.auth.desk import DeskUser
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep
from service.review import service
from service.review.pages.rendering import redirect, render
from service.review.repository import QueueFilter

router = APIRouter(prefix="/desk", include_in_schema=False)


@router.get("/")
def queue(
    request: Request, db: DatabaseDep, user: DeskUser, status: str | None = None, cursor: str = ""
) -> Response:
    where = QueueFilter(status=status or None)
    try:
        page = service.list_queue(db, where, 50, cursor=cursor or None)
    except DeskcheckError as refused:
        return redirect("/desk/", refused.for_editors or refused.detail)
    analysis = service.analysis_counts(db)
    return render(
        request, "queue.html", user, page=page, status_filter=status or "", analysis=analysis
    )
