"""/desk/: the review queue, newest first, fifty a page, filtered by status, by whom the items
are given to, by words of the article, outlet, flag type, dates and open contradictions; editors
tick items and give them to someone from here.

An editor who has open items assigned lands on those ("Assigned to me"); the whole queue is a
click away, and every view and search is an address that can be shared. The newest comments
that mention the editor are listed above the queue.
"""

from dataclasses import dataclass
from typing import get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from schemas.verify import FlagType
from service.auth.desk import DeskUser
from service.errors import DeskcheckError
from service.http.deps import DatabaseDep
from service.review import service
from service.review.pages.rendering import redirect, render, whole_days
from service.review.repository import QueueFilter

router = APIRouter(prefix="/desk", include_in_schema=False)
MENTIONS_SHOWN = 5
"""The newest comments that mention the editor, above their queue."""
FLAG_TYPES: tuple[str, ...] = get_args(FlagType)
_MAX_QUERY = 500


@dataclass(frozen=True)
class DeskFilters:
    """The queue's filters as the page's form sends them (strings; blank: not filtering)."""

    status: str = ""
    q: str = ""
    outlet: str = ""
    flag_type: str = ""
    since: str = ""
    until: str = ""
    contradictions: str = ""

    def to_filter(self, assignee: str | None) -> QueueFilter:
        """The store's filter; a date is a whole UTC day (`until` includes its day)."""
        since, until = whole_days(self.since, self.until)
        return QueueFilter(
            status=self.status or None,
            outlet=self.outlet.strip() or None,
            flag_type=self.flag_type if self.flag_type in FLAG_TYPES else None,
            since=since,
            until=until,
            assignee=assignee,
            search=self.q[:_MAX_QUERY] or None,
            open_contradictions=bool(self.contradictions),
        )

    def query(self) -> str:
        """These filters as a query string, for the page's links (views, pages)."""
        return urlencode({k: v for k, v in self.__dict__.items() if v})

    @property
    def narrowed(self) -> bool:
        """Whether a filter beyond status and words is set (the page then shows them open)."""
        return any((self.outlet, self.flag_type, self.since, self.until, self.contradictions))


@router.get("/")
def queue(
    request: Request,
    db: DatabaseDep,
    user: DeskUser,
    status: str = "",
    cursor: str = "",
    assigned: str = "",
    q: str = "",
    outlet: str = "",
    flag_type: str = "",
    since: str = "",
    until: str = "",
    contradictions: str = "",
) -> Response:
    name = user.principal.name
    mine = service.open_assigned(db, name)
    view = assigned if assigned in ("me", "all") else ("me" if mine else "all")
    filters = DeskFilters(status, q, outlet, flag_type, since, until, contradictions)
    where = filters.to_filter(name if view == "me" else None)
    try:
        page = service.list_queue(db, where, 50, cursor=cursor or None)
    except DeskcheckError as refused:
        return redirect("/desk/", refused.for_editors or refused.detail)
    return render(
        request,
        "queue.html",
        user,
        page=page,
        filters=filters,
        flag_type_names=FLAG_TYPES,
        status_filter=status,
        search=q,
        analysis=service.analysis_counts(db),
        view=view,
        mine=mine,
        assignees=service.assignees(db) if user.principal.can("editor") else [],
        mentions=service.mentions(db, name, MENTIONS_SHOWN).comments,
    )
